"""The confirmation dialog of a document page (send a quote, confirm an order, issue an invoice): what it will do,
and the mail composer. The page renders it; the line editor renders it again after every change (an htmx
out-of-band swap), so the dialog never shows the lines, total or approval of before."""

from django.urls import reverse
from django.utils.translation import gettext as _

from orderdesk.forms import MailComposeForm
from orderdesk.permissions import CHANGE_ORDERS, CHANGE_QUOTES, ISSUE_INVOICES
from sales.selectors.confirmations import (
    invoice_issue_confirmation,
    order_confirm_confirmation,
    quote_send_confirmation,
)
from sales.states import OrderStatus, QuoteStatus


def confirmation_for(*, kind: str, document, user):
    """What the irreversible action of this page would do now, or None when it is not offered to `user`."""
    if (
        kind == "quote"
        and document.status in (QuoteStatus.DRAFT, QuoteStatus.APPROVED)
        and user.has_perm(CHANGE_QUOTES)
    ):
        return quote_send_confirmation(quote=document, actor=user)
    if kind == "order" and document.status == OrderStatus.DRAFT and user.has_perm(CHANGE_ORDERS):
        return order_confirm_confirmation(order=document, actor=user)
    if kind == "invoice" and document.is_draft and user.has_perm(ISSUE_INVOICES):
        return invoice_issue_confirmation(invoice=document, actor=user)
    return None


def _labels(kind: str, document, confirmation) -> dict:
    if kind == "quote":
        return {"id": "send-quote-dialog", "title": _("Send the quote?"),
                "action": reverse("sales:quote-action", args=[document.pk, "send"]),
                "confirm_label": _("Send the quote") if confirmation.mail else _("Ask for approval")}  # fmt: skip
    if kind == "order":
        return {"id": "confirm-order-dialog", "title": _("Confirm the order?"),
                "action": reverse("sales:order-action", args=[document.pk, "confirm"]),
                "confirm_label": _("Confirm the order")}  # fmt: skip
    credit = document.is_credit_note
    return {"id": "issue-invoice-dialog",
            "title": _("Issue the credit note?") if credit else _("Issue and send the invoice?"),
            "action": reverse("sales:invoice-action", args=[document.pk, "issue"]),
            "confirm_label": _("Issue the credit note") if credit else _("Issue and send")}  # fmt: skip


def confirm_dialog_context(*, kind: str, document, user, compose_form=None) -> dict:
    """The template context of the dialog (empty when the page offers no such action)."""
    confirmation = confirmation_for(kind=kind, document=document, user=user)
    if confirmation is None:
        return {}
    context = {"confirmation": confirmation, "confirm_dialog": _labels(kind, document, confirmation)}
    if confirmation.mail is not None:
        context["compose_form"] = compose_form or MailComposeForm(default=confirmation.mail)
    return context
