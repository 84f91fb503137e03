"""Reads about invoices and credit notes: what is left to bill, why a draft cannot be issued yet, where it goes,
the parties printed on it, and the selections pages and commands list."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from customers.models import Company, VatRegime
from customers.selectors import company_identifier_problems
from orderdesk.identifiers import peppol_endpoint, peppol_id_error, postal_code_required
from orderdesk.models import CompanySettings
from orderdesk.money import ZERO
from orderdesk.permissions import ADD_INVOICES
from sales.models import DeliveryNote, Invoice, InvoiceLine, Order, OrderLine
from sales.services.vat import line_vat_problem
from sales.states import INVOICE_OPEN, ORDER_INVOICEABLE, InvoiceStatus, OrderStatus

# Belgian companies must receive their invoices as structured e-invoices (Peppol) since 2026-01-01.
PEPPOL_REGIMES = {VatRegime.BELGIAN, VatRegime.REVERSE_CHARGE}
INVOICE_DEADLINE_WARNING_DAYS = 5


# --- what of an order is left to bill ------------------------------------------------------------------------------


def service_quantity_to_invoice(order_line: OrderLine) -> Decimal:
    """What of a line that is not shipped (a service, a free line) is left to bill directly: what is not on a
    delivery note (those are billed with the note) nor on an invoice yet (drafts included: never twice)."""
    invoiced = (
        order_line.invoice_lines.filter(invoice__kind=Invoice.Kind.INVOICE, delivery_line__isnull=True).aggregate(
            total=Sum("quantity")
        )["total"]
        or ZERO
    )
    return order_line.quantity - order_line.quantity_delivered - invoiced


def order_invoiceable(order: Order) -> tuple[list[DeliveryNote], list[OrderLine]]:
    """What of an order is not on an invoice yet: its delivery notes, and its lines that are not delivered
    (services, free lines) with quantity left to bill."""
    notes = list(order.deliveries.filter(invoice_link__isnull=True).order_by("shipped_on", "pk"))
    lines = [
        line
        for line in order.lines.select_related("product")
        if not line.is_goods and service_quantity_to_invoice(line) > 0
    ]
    return notes, lines


def order_can_invoice(*, order: Order, user) -> bool:
    """May `user` make a draft invoice of `order` now: the permission, a confirmed order, something left to bill."""
    return user.has_perm(ADD_INVOICES) and order.status in ORDER_INVOICEABLE and any(order_invoiceable(order))


# --- one invoice ---------------------------------------------------------------------------------------------------


def invoice_vat_regime(invoice: Invoice) -> str:
    """The VAT regime of a document: the one its draft was made with (the credited invoice's, for a credit
    note); drafts made before it was kept take the customer's."""
    if invoice.vat_regime:
        return invoice.vat_regime
    if invoice.is_credit_note and invoice.credited_invoice is not None and invoice.credited_invoice.vat_regime:
        return invoice.credited_invoice.vat_regime
    return invoice.company.vat_regime


def invoice_regime_changed(invoice: Invoice) -> bool:
    """A draft invoice priced for another VAT regime than the customer's current one (never a credit note: it
    follows the invoice it credits)."""
    return invoice.is_draft and not invoice.is_credit_note and invoice_vat_regime(invoice) != invoice.company.vat_regime


def invoice_needs_rating(invoice: Invoice) -> bool:
    """A draft invoice whose lines' VAT does not agree with the customer's VAT regime (any more)."""
    if not invoice.is_draft or invoice.is_credit_note:
        return False
    regime = invoice_vat_regime(invoice)
    return invoice_regime_changed(invoice) or any(line_vat_problem(regime, line) for line in invoice.lines.all())


def invoice_problems(invoice: Invoice) -> list[str]:
    """Why a draft cannot be issued yet, in words; empty when it can.

    Everything the Peppol rules (EN 16931 and PEPPOL BIS 3.0) would refuse and the user can correct is said here,
    with what to do; the UBL built from a draft without problems passes them."""
    company, seller = invoice.company, CompanySettings.load()
    regime = invoice_vat_regime(invoice)
    lines = list(invoice.lines.all())
    problems = []
    if not seller.pk or not (seller.name and seller.enterprise_number and seller.iban):
        problems.append(_("Our company details (name, enterprise number, IBAN) are not filled in."))
    elif not seller.vat_number:
        problems.append(_("Our company's VAT number is not filled in (company settings): every invoice carries it."))
    if not lines:
        problems.append(_("The invoice has no lines."))
    elif invoice.total <= 0:
        problems.append(_("The total must be more than zero."))
    frozen_buyer = _credited_buyer(invoice)  # a credit note's buyer: as on the invoice it credits
    if frozen_buyer is None:
        problems.extend(_buyer_problems(company, company.vat_regime))  # a change of regime is said below
    if invoice_regime_changed(invoice):
        problems.append(
            _("The customer's VAT regime is now “%(now)s”, but this draft was priced for “%(then)s”. Apply the new "
              "regime to the lines (“Rate the lines again”), or correct the customer's file first.")
            % {"now": _regime_label(company.vat_regime), "then": _regime_label(regime)}
        )  # fmt: skip
    elif not invoice.is_credit_note:
        wrong = [problem for line in lines if (problem := line_vat_problem(regime, line))]
        if wrong:
            problems.append(" ".join([*wrong, str(_("Rate the lines again for the customer's VAT regime."))]))
    e_invoice = peppol_endpoint(**_endpoint_fields(frozen_buyer or company)) is not None
    if e_invoice and not (invoice.customer_reference or invoice.order_id or invoice.contact_id):
        problems.append(
            _(
                "An e-invoice needs the customer's reference (Peppol rule R003): fill in “Your reference” with "
                "their order number, or choose the contact who ordered."
            )
        )
    if not invoice_recipients(invoice) and invoice_channel(invoice) != Invoice.Channel.PEPPOL:
        problems.append(_("The customer has no e-mail address for invoices."))
    if invoice.is_credit_note and invoice.credited_invoice is not None:
        creditable = invoice.credited_invoice.total - invoice.credited_invoice.amount_credited
        if invoice.total > creditable:
            problems.append(
                _("The credit (%(credit)s) is more than what remains of %(invoice)s (%(creditable)s).")
                % {"credit": invoice.total, "invoice": invoice.credited_invoice.number, "creditable": creditable}
            )
    return problems


def _buyer_problems(company: Company, regime: str) -> list[str]:
    """What the customer's file lacks for an invoice under `regime`, and what is wrong with its identifiers."""
    problems = []
    if not (company.street and company.city and (company.postal_code or not postal_code_required(company.country))):
        problems.append(_("The customer's address is not complete."))
    if regime in {VatRegime.BELGIAN, VatRegime.INTRA_EU, VatRegime.REVERSE_CHARGE} and not company.vat_number:
        problems.append(_("A company invoice needs the customer's VAT number."))
    problems.extend(company_identifier_problems(company, peppol_address=False))  # no VAT number: said above
    endpoint = peppol_endpoint(**_endpoint_fields(company))
    error = peppol_id_error(":".join(endpoint)) if endpoint is not None else ""
    if error and not company.peppol_id:  # a wrong Peppol id is said by the customer file's problems
        problems.append(
            _("The customer's Peppol address %(id)s, made from its identifiers, is not valid: %(error)s "
              "Enter its Peppol id on the customer file.") % {"id": ":".join(endpoint), "error": error}
        )  # fmt: skip
    return problems


def invoice_recipients(invoice: Invoice) -> list[str]:
    """Invoices go to the invoice address of the company, else the contact, else the general address."""
    company, contact = invoice.company, invoice.contact
    address = company.invoice_email or (contact.email if contact is not None else "") or company.email
    return [address] if address else []


def invoice_channel(invoice: Invoice) -> str:
    buyer = _credited_buyer(invoice)
    peppol_id = buyer.get("peppol_id", "") if buyer is not None else invoice.company.effective_peppol_id
    if invoice_vat_regime(invoice) in PEPPOL_REGIMES and peppol_id:
        from sales.selectors.peppol import peppol_not_registered

        # The access point said this id is not on the network: the PDF goes by e-mail (and the invoice says so).
        if not peppol_not_registered(peppol_id):
            return Invoice.Channel.PEPPOL
    return Invoice.Channel.EMAIL


def _regime_label(regime: str) -> str:
    return str(VatRegime(regime).label) if regime in VatRegime.values else regime


def _endpoint_fields(party: Company | dict) -> dict:
    """What a Peppol address is made of, of a customer file or of a frozen buyer."""
    if isinstance(party, dict):
        return {name: party.get(name, "") for name in ("peppol_id", "enterprise_number", "vat_number", "country")}
    return {
        "peppol_id": party.effective_peppol_id,
        "enterprise_number": party.enterprise_number,
        "vat_number": party.vat_number,
        "country": str(party.country),
    }


def invoice_without_ubl_reason(invoice: Invoice) -> str:
    """Why an issued document has no e-invoice (UBL), in words."""
    parties = invoice_parties(invoice)
    if invoice_vat_regime(invoice) == VatRegime.PRIVATE and not parties["buyer"].get("peppol_id"):
        return _("its customer is a private person: Peppol has no address for a person, the PDF is the invoice.")
    return _(
        "Peppol has no address for its customer %(name)s (%(country)s): no Peppol id, no Belgian enterprise number "
        "and no EU VAT number with a Peppol scheme. The PDF is the invoice."
    ) % {"name": parties["buyer"].get("name", ""), "country": parties["buyer"].get("country", "")}


def parties_snapshot(invoice: Invoice) -> dict:
    """Seller and buyer as printed on the document, frozen at issue. A credit note's buyer is the one of the invoice
    it credits (its identifiers and address as invoiced), reached at today's e-mail address."""
    seller, buyer = CompanySettings.load(), invoice.company
    credited = _credited_buyer(invoice)
    if credited is not None:
        return {
            "seller": parties_snapshot(_with_current_buyer(invoice))["seller"],
            "buyer": {**credited, "email": (invoice_recipients(invoice) or [""])[0],
                      "contact": str(invoice.contact) if invoice.contact else ""},
        }  # fmt: skip
    return {
        "seller": {
            "name": seller.name,
            "legal_form": seller.legal_form,
            "street": seller.street,
            "postal_code": seller.postal_code,
            "city": seller.city,
            "country": str(seller.country or "BE"),
            "enterprise_number": seller.enterprise_number,
            "vat_number": seller.vat_number,
            "register_court": seller.register_court,
            "iban": seller.iban,
            "bic": seller.bic,
            "email": seller.email,
            "phone": seller.phone,
        },
        "buyer": {
            "name": buyer.display_name,
            "street": buyer.street,
            "postal_code": buyer.postal_code,
            "city": buyer.city,
            "country": str(buyer.country or "BE"),
            "enterprise_number": buyer.enterprise_number,
            "vat_number": buyer.vat_number,
            "peppol_id": buyer.effective_peppol_id,
            "email": (invoice_recipients(invoice) or [""])[0],
            "contact": str(invoice.contact) if invoice.contact else "",
        },
    }


def _credited_buyer(invoice: Invoice) -> dict | None:
    if invoice.is_credit_note and invoice.credited_invoice is not None:
        return (invoice.credited_invoice.parties or {}).get("buyer") or None
    return None


def _with_current_buyer(invoice: Invoice) -> Invoice:
    """The same document seen as an invoice to the customer as it is today (for our own, current details)."""
    return Invoice(company=invoice.company, contact=invoice.contact, kind=Invoice.Kind.INVOICE)


def invoice_parties(invoice: Invoice) -> dict:
    """The frozen parties of an issued document; the current data for a draft."""
    return invoice.parties if invoice.parties else parties_snapshot(invoice)


def settlement_status(invoice: Invoice) -> str:
    """The status the money says: credited in full, paid, partly paid, or simply issued."""
    if invoice.amount_paid == 0 and invoice.amount_credited >= invoice.total:
        return InvoiceStatus.CREDITED
    if invoice.amount_open <= 0:
        return InvoiceStatus.PAID
    if invoice.amount_paid > 0:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.ISSUED


def invoice_lines_creditable(invoice: Invoice) -> QuerySet[InvoiceLine]:
    """The invoice's lines, each with `credited`: the quantity credit notes (drafts included) already take."""
    return invoice.lines.annotate(credited=Coalesce(Sum("credit_lines__quantity"), Value(ZERO))).order_by(
        "position", "pk"
    )


# --- selections used by pages and commands -------------------------------------------------------------------------


def invoices_of_period(*, year: int, month: int) -> QuerySet[Invoice]:
    """Issued invoices and credit notes of a month, in number order per kind (for the accountant)."""
    return (
        Invoice.objects.exclude(status=InvoiceStatus.DRAFT)
        .filter(issue_date__year=year, issue_date__month=month)
        .select_related("company")
        .order_by("kind", "number")
    )


def invoicing_deadline(shipped_on: datetime.date) -> datetime.date:
    """The last day to invoice a supply: the 15th of the month after it (VAT Code, DOMAIN-BE §2)."""
    next_month = (shipped_on.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return next_month.replace(day=15)


def invoicing_deadline_near(shipped_on: datetime.date, *, today: datetime.date) -> bool:
    return invoicing_deadline(shipped_on) <= today + datetime.timedelta(days=INVOICE_DEADLINE_WARNING_DAYS)


def deliveries_to_invoice() -> QuerySet[DeliveryNote]:
    """Delivery notes no invoice (not even a draft) bills yet, oldest first."""
    return (
        DeliveryNote.objects.filter(invoice_link__isnull=True)
        .exclude(order__status=OrderStatus.CANCELLED)
        .select_related("order__company")
        .order_by("shipped_on", "pk")
    )


def invoices_overdue(today: datetime.date, *, company: Company | None = None) -> QuerySet[Invoice]:
    """Open invoices past their due date (of one customer, given `company`)."""
    overdue = Invoice.objects.filter(kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN, due_date__lt=today)
    return overdue if company is None else overdue.filter(company=company)


def company_open_invoices_total(company: Company) -> Decimal:
    """What the customer still owes on issued invoices (credit notes already deducted)."""
    open_ = Invoice.objects.filter(company=company, kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN).aggregate(
        total=Sum("total"), credited=Sum("amount_credited"), paid=Sum("amount_paid")
    )
    return (open_["total"] or ZERO) - (open_["credited"] or ZERO) - (open_["paid"] or ZERO)
