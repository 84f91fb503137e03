"""The customer statement: every open invoice and credit note of a customer on one page, to send or print."""

import datetime

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from customers.models import Company
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.mail import Attachment, mail_queue, render_text
from orderdesk.models import CompanySettings, OutboxMessage
from orderdesk.money import ZERO
from orderdesk.pdf import render_pdf
from orderdesk.permissions import SEND_REMINDERS
from sales.selectors.receivables import company_credit, customer_open_items


def statement_context(*, company: Company, today: datetime.date) -> dict:
    items = list(customer_open_items(company=company))
    for item in items:
        item.signed_open = -item.open if item.is_credit_note else item.open
        item.days_late = (today - item.due_date).days if item.due_date and not item.is_credit_note else 0
    credit = company_credit(company)
    balance = sum((item.signed_open for item in items), ZERO) - credit
    overdue = sum((item.signed_open for item in items if item.days_late > 0), ZERO)
    return {
        "customer": company, "company": CompanySettings.load(), "items": items, "credit": credit,
        "balance": balance, "overdue": overdue, "today": today,
    }  # fmt: skip


def statement_pdf(*, company: Company, today: datetime.date) -> bytes:
    return render_pdf(
        "documents/statement.html", statement_context(company=company, today=today), language=company.language
    )


@transaction.atomic
def statement_send(*, company: Company, actor, today: datetime.date) -> OutboxMessage:
    """E-mail the statement (PDF attached) to the customer's invoice address, in their language."""
    if not actor.has_perm(SEND_REMINDERS):
        raise PermissionDeniedError(_("You do not have the permission to do this."))
    address = company.invoice_email or company.email
    if not address:
        raise DomainError(
            _("%(company)s has no e-mail address: add one to the company first.") % {"company": company.name}
        )
    context = statement_context(company=company, today=today)
    # The contact behind the address (if any) finds their personal page link in the mail.
    context["contact"] = company.contacts.filter(email__iexact=address).first()
    pdf = render_pdf("documents/statement.html", context, language=company.language)
    with translation.override(company.language):
        subject = _("Statement of account of %(date)s") % {"date": today.strftime("%d/%m/%Y")}
        body = render_text("sales/mail/statement.txt", context)
        filename = f"{_('statement')}-{today.isoformat()}.pdf"
    return mail_queue(
        to=[address], subject=subject, body=body, language=company.language,
        attachments=[Attachment(filename, pdf, "application/pdf")], related=company, actor=actor,
    )  # fmt: skip
