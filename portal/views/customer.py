"""The customer's own page, behind their personal link (no login): their documents, and their questions, problems,
payment dates and answers to quotes, which land on the desk as work."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from complaints.models import Complaint
from orderdesk.exceptions import DomainError
from orderdesk.templatetags.orderdesk import quantity as quantity_text
from orderdesk.uploads import download_response
from portal import selectors
from portal.services import (
    portal_access_read,
    portal_hit_allowed,
    portal_link_request,
    portal_link_request_allowed,
    portal_problem_report,
    portal_promise_make,
    portal_question_ask,
    portal_quote_answer,
    portal_visit_record,
)
from sales.models import DeliveryLine
from sales.services.customer_statements import statement_pdf
from sales.services.documents import delivery_note_pdf, order_confirmation_pdf, quote_revision_context
from sales.services.quotes import quote_link_problem
from sales.states import QuoteStatus


def _posted(request, name: str, limit: int = 5000) -> str:
    """A typed value, cut to a sane length and without NUL characters (which PostgreSQL refuses)."""
    return request.POST.get(name, "")[:limit].replace("\x00", "")


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _too_many(request):
    return render(request, "portal/too_many.html", status=429)


@method_decorator(login_not_required, name="dispatch")
class PortalRequestLinkView(View):
    """Ask for a new link by e-mail address. The answer is the same whether the address is known or not."""

    def get(self, request):
        return render(request, "portal/request_link.html")

    def post(self, request):
        if not portal_link_request_allowed(client=_client(request)):
            return _too_many(request)
        portal_link_request(email=_posted(request, "email", 254))
        return render(request, "portal/request_link.html", {"requested": True})


@method_decorator(login_not_required, name="dispatch")
class PortalView(View):
    """Opens the link: rate-limited per address, refused when invalid, in the contact's language, and recorded."""

    def dispatch(self, request, token, *args, **kwargs):
        if not portal_hit_allowed(client=_client(request)):
            return _too_many(request)
        try:
            self.access = portal_access_read(token)
        except DomainError as error:
            return render(request, "portal/invalid.html", {"message": str(error)}, status=404)
        self.company, self.contact, self.token = self.access.company, self.access.contact, token
        translation.activate(self.contact.language)
        request.LANGUAGE_CODE = self.contact.language
        portal_visit_record(access=self.access, method=request.method, path=request.path)
        return super().dispatch(request, *args, **kwargs)

    def render(self, template: str, context: dict | None = None, status: int = 200):
        base = {"access": self.access, "company": self.company, "contact": self.contact, "token": self.token,
                "owner": self.company.owner, "language": self.contact.language}  # fmt: skip
        return render(self.request, template, {**base, **(context or {})}, status=status)


class PortalHomeView(PortalView):
    def get(self, request):
        return self.render("portal/home.html", selectors.portal_page(access=self.access, today=timezone.localdate()))


def _pdf(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


class PortalQuoteView(PortalView):
    """A quote as it was sent, with the expected date per line; accept (name, PO) or decline (reason)."""

    def _quote(self, pk):
        return get_object_or_404(selectors.portal_quotes(self.company), pk=pk)

    def get(self, request, pk):
        return self._page(self._quote(pk))

    def post(self, request, pk):
        quote = self._quote(pk)
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            return self._page(quote, status=400)
        try:
            portal_quote_answer(
                access=self.access, quote=quote, accept=answer == "accept", name=_posted(request, "name", 200),
                customer_reference=_posted(request, "customer_reference", 100), reason=_posted(request, "reason"),
            )  # fmt: skip
        except ValidationError as error:
            return self._page(quote, errors=error.message_dict, status=400)
        except DomainError as error:
            return self._page(quote, general_errors=[str(error)], status=400)
        quote.refresh_from_db()
        return self._page(quote, answered=answer)

    def _page(self, quote, *, errors=None, general_errors=(), answered="", status=200):
        frozen = (
            quote.revisions.filter(revision=quote.revision).first() or quote.revisions.order_by("-revision").first()
        )
        problem = ""
        if not answered:
            problem = quote_link_problem(quote=quote, revision=frozen.revision, today=timezone.localdate())
        return self.render("portal/quote.html", {
            **quote_revision_context(frozen), "frozen": frozen, "problem": problem, "errors": errors or {},
            "general_errors": general_errors, "posted": self.request.POST, "answered": answered,
            "company": self.company, "is_open": quote.status == QuoteStatus.SENT,
        }, status=status)  # fmt: skip


class PortalQuotePdfView(PortalView):
    def get(self, request, pk):
        quote = get_object_or_404(selectors.portal_quotes(self.company), pk=pk)
        frozen = quote.revisions.order_by("-revision").first()
        with frozen.pdf.open("rb") as handle:
            return _pdf(handle.read(), f"{quote.number}-rev{frozen.revision}.pdf")


class PortalOrderPdfView(PortalView):
    def get(self, request, pk):
        order = get_object_or_404(selectors.portal_orders(self.company), pk=pk)
        return _pdf(order_confirmation_pdf(order), f"{order.number}.pdf")


class PortalDeliveryPdfView(PortalView):
    def get(self, request, pk):
        note = get_object_or_404(selectors.portal_deliveries(self.company), pk=pk)
        return _pdf(delivery_note_pdf(note), f"{note.number}.pdf")


class PortalUsageDocumentView(PortalView):
    def get(self, request, pk, document_pk):
        note = get_object_or_404(selectors.portal_deliveries(self.company), pk=pk)
        document = next(
            (d for d in selectors.usage_documents(note, self.contact.language) if d.pk == document_pk), None
        )
        if document is None:
            raise Http404
        return download_response(document.file, filename=document.original_name or document.title)


class PortalInvoicePdfView(PortalView):
    def get(self, request, pk):
        invoice = get_object_or_404(selectors.portal_invoices(self.company), pk=pk)
        if not invoice.pdf:
            raise Http404
        with invoice.pdf.open("rb") as handle:
            return _pdf(handle.read(), f"{invoice.number}.pdf", inline=False)


class PortalInvoiceUblView(PortalView):
    def get(self, request, pk):
        invoice = get_object_or_404(selectors.portal_invoices(self.company), pk=pk)
        if not invoice.ubl:
            raise Http404
        with invoice.ubl.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
        return response


class PortalStatementPdfView(PortalView):
    def get(self, request):
        today = timezone.localdate()
        with translation.override(self.company.language):
            filename = f"{_('statement')}-{today.isoformat()}.pdf"
        return _pdf(statement_pdf(company=self.company, today=today), filename)


# --- asking and reporting ------------------------------------------------------------------------------------------

ASKABLE = {
    "quote": lambda company: selectors.portal_quotes(company),
    "order": lambda company: selectors.portal_orders(company),
    "delivery": lambda company: selectors.portal_deliveries(company),
    "invoice": lambda company: selectors.portal_invoices(company),
    "complaint": lambda company: selectors.portal_complaints(company),
}


def _label(document) -> str:
    return getattr(document, "reference", "") or document.number


class PortalQuestionView(PortalView):
    """ "I have a question" on any of the customer's documents: a task for the account owner."""

    def _document(self, kind, pk):
        if kind not in ASKABLE:
            raise Http404
        return get_object_or_404(ASKABLE[kind](self.company), pk=pk)

    def get(self, request, kind, pk):
        document = self._document(kind, pk)
        return self.render("portal/question.html", {"document": document, "label": _label(document)})

    def post(self, request, kind, pk):
        document = self._document(kind, pk)
        text = _posted(request, "question")
        try:
            portal_question_ask(access=self.access, document=document, label=_label(document), text=text)
        except DomainError as error:
            return self.render("portal/question.html", {"document": document, "label": _label(document),
                                                        "error": str(error), "text": text}, status=400)  # fmt: skip
        return self.render("portal/done.html", {"message": _("Thank you. We received your question and will answer "
                                                             "you soon.")})  # fmt: skip


PROBLEM_CATEGORIES = [c for c in Complaint.Category.choices if c[0] != Complaint.Category.INVOICE_ERROR]


class PortalProblemView(PortalView):
    """ "Report a problem" on a delivered line: a complaint (category, quantity, text, photos)."""

    def _line(self, pk):
        return get_object_or_404(
            DeliveryLine.objects.select_related("delivery__order", "order_line__product"),
            pk=pk, delivery__order__company=self.company,
        )  # fmt: skip

    def _page(self, line, status=200, **context):
        return self.render("portal/problem.html", {"line": line, "categories": PROBLEM_CATEGORIES, **context},
                           status=status)  # fmt: skip

    def get(self, request, pk):
        line = self._line(pk)
        return self._page(line, posted={"quantity": quantity_text(line.quantity)})

    def post(self, request, pk):
        line = self._line(pk)
        photos = request.FILES.getlist("photos")[:5]
        try:
            portal_problem_report(
                access=self.access, line=line, category=_posted(request, "category", 30),
                quantity=_posted(request, "quantity", 30), text=_posted(request, "description"),
                photos=photos,
            )  # fmt: skip
        except ValidationError as error:
            return self._page(line, status=400, error=" ".join(error.messages), posted=request.POST)
        except DomainError as error:
            return self._page(line, status=400, error=str(error), posted=request.POST)
        return self.render("portal/done.html", {"message": _("Thank you. We registered your report and will get "
                                                             "back to you soon.")})  # fmt: skip


class PortalPromiseView(PortalView):
    """ "I will pay on ...": a date for the assistant to confirm."""

    def _invoice(self, pk):
        return get_object_or_404(selectors.portal_invoices(self.company), pk=pk)

    def get(self, request, pk):
        return self.render("portal/promise.html", {"invoice": self._invoice(pk)})

    def post(self, request, pk):
        invoice = self._invoice(pk)
        today = timezone.localdate()
        try:
            promised_for = datetime.date.fromisoformat(_posted(request, "promised_for", 10))
        except ValueError:
            return self.render("portal/promise.html", {"invoice": invoice, "error": _("Enter a valid date.")},
                               status=400)  # fmt: skip
        try:
            portal_promise_make(access=self.access, invoice=invoice, promised_for=promised_for, today=today)
        except DomainError as error:
            return self.render("portal/promise.html", {"invoice": invoice, "error": str(error)}, status=400)
        return self.render("portal/done.html", {"message": _("Thank you. We noted your payment date; we will "
                                                             "confirm it shortly.")})  # fmt: skip
