from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from customers.models import Company
from customers.services.companies import company_create
from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error, mail_composed
from orderdesk.history import status_history_labelled
from orderdesk.models import OutboxMessage
from orderdesk.params import int_param, object_param, text_param
from orderdesk.permissions import (
    ADD_CUSTOMERS,
    ADD_ORDERS,
    ADD_QUOTES,
    APPROVE_QUOTES,
    CHANGE_QUOTES,
    VIEW_QUOTES,
    PermissionMixin,
)
from orderdesk.redirects import safe_next
from sales.forms import AnswerForm, CommentForm, PriceRequestForm, QuoteHeaderForm, ReasonForm
from sales.models import PriceRequest, Quote
from sales.selectors.documents import price_requests_open, quote_list
from sales.services import quotes as services
from sales.services.documents import quote_link_url, quote_pdf, quote_pdf_name
from sales.states import QuoteStatus
from sales.views.confirmations import confirm_dialog_context, confirmation_for
from sales.views.lines import header_save, lines_context

PAGE_SIZE = 25


MAX_REVISION = 2**31 - 1


def _company_or_none(request):
    return object_param(Company.objects, request.GET.get("company") or request.POST.get("company"))


class QuoteListView(PermissionMixin, View):
    permission_required = VIEW_QUOTES

    def get(self, request):
        filterset = quote_list(params=request.GET)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": filterset, "page_obj": page, "paginator": page.paginator, "quotes": page.object_list,
                   "price_requests": price_requests_open()[:10], "price_request_count": price_requests_open().count(),
                   "today": timezone.localdate()}  # fmt: skip
        return render(request, "sales/_quote_rows.html" if request.htmx else "sales/quote_list.html", context)


class CompanyPickView(PermissionMixin, View):
    """Start a quote, an order, an invoice or a price request: find the customer (or prospect) first."""

    def get_permission_required(self):
        return [
            {
                "order": "sales.add_order",
                "invoice": "sales.add_invoice",
                "payment": "sales.add_payment",
                "complaint": "complaints.add_complaint",
            }.get(self.kwargs["target"], ADD_QUOTES)
        ]

    def get(self, request, target):
        query = text_param(request.GET.get("q"))
        companies = Company.objects.filter(name__icontains=query).order_by("name")[:15] if query else []
        return render(request, "sales/company_pick.html", {"query": query, "companies": companies, "target": target})


class PriceRequestCreateView(PermissionMixin, View):
    """Register a price request for a customer, or for a new prospect created on the fly."""

    permission_required = "sales.add_pricerequest"

    def get(self, request):
        company = _company_or_none(request)
        form = PriceRequestForm(company=company)
        return self._render(request, form, company, text_param(request.GET.get("name")))

    def post(self, request):
        company = _company_or_none(request)
        prospect_name = text_param(request.POST.get("prospect_name"))
        form = PriceRequestForm(request.POST, company=company)
        if company is None and not prospect_name:
            form.add_error(None, _("Choose a customer or give the name of the new prospect."))
        if not form.is_valid():
            return self._render(request, form, company, prospect_name, status=400)
        try:
            with transaction.atomic():
                if company is None:
                    if not request.user.has_perm(ADD_CUSTOMERS):
                        raise DomainError(_("You may not create prospects."))
                    language = text_param(request.POST.get("language")) or "nl"
                    company = company_create(
                        company=Company(name=prospect_name, kind=Company.Kind.PROSPECT,
                                        source=Company.Source.PHONE, language=language),
                        actor=request.user, confirm_similar=True,
                    )  # fmt: skip
                price_request = services.price_request_create(company=company, actor=request.user, **form.cleaned_data)
                if request.POST.get("then") == "quote":
                    quote = services.quote_create(company=company, actor=request.user, price_request=price_request)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
            return self._render(request, form, None if prospect_name else company, prospect_name, status=400)
        if request.POST.get("then") == "quote":
            return redirect("sales:quote-detail", pk=quote.pk)
        messages.success(request, _("The price request of %(name)s is registered.") % {"name": company.name})
        return redirect("sales:quote-list")

    def _render(self, request, form, company, prospect_name, status=200):
        context = {"form": form, "company": company, "prospect_name": prospect_name,
                   "languages": Company._meta.get_field("language").choices}  # fmt: skip
        return render(request, "sales/price_request_form.html", context, status=status)


class PriceRequestQuoteView(PermissionMixin, View):
    """Turn a price request into a draft quote, in one step."""

    permission_required = ADD_QUOTES

    def post(self, request, pk):
        price_request = get_object_or_404(PriceRequest, pk=pk)
        try:
            quote = services.quote_create(company=price_request.company, actor=request.user,
                                          price_request=price_request)  # fmt: skip
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("sales:quote-list")
        return redirect("sales:quote-detail", pk=quote.pk)


class PriceRequestCloseView(PermissionMixin, View):
    permission_required = "sales.change_pricerequest"

    def post(self, request, pk):
        price_request = get_object_or_404(PriceRequest, pk=pk)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.price_request_close(
                    request=price_request, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:  # closed already, or quoted meanwhile
                messages.error(request, str(error))
            else:
                messages.success(request, _("The price request is closed."))
        else:
            messages.error(request, _("Say why the request is closed."))
        return redirect("sales:quote-list")


class QuoteCreateView(PermissionMixin, View):
    permission_required = ADD_QUOTES

    def post(self, request):
        company = _company_or_none(request)
        if company is None:
            return redirect("sales:company-pick", target="quote")
        quote = services.quote_create(company=company, actor=request.user,
                                      contact=company.contacts.filter(is_active=True).first())  # fmt: skip
        return redirect("sales:quote-detail", pk=quote.pk)


def quote_page_context(request, quote, *, header_form=None, compose_form=None) -> dict:
    context = lines_context(document=quote, kind="quote", user=request.user)
    # What "Send" will do, asked in a dialog before it happens.
    context.update(confirm_dialog_context(kind="quote", document=quote, user=request.user, compose_form=compose_form))
    context.update(
        quote=quote,
        header_form=header_form or QuoteHeaderForm(instance=quote),
        history=status_history_labelled(quote),
        revisions=list(quote.revisions.select_related("sent_by")),
        mails=OutboxMessage.objects.filter(content_type__model="quote", object_id=quote.pk).order_by("-created_at"),
        # The customer's signed link acts for the customer: only for who handles quotes, not for who reads them.
        link=quote_link_url(quote)
        if quote.status == QuoteStatus.SENT and quote.link_revoked_at is None and request.user.has_perm(CHANGE_QUOTES)
        else "",
        order=getattr(quote, "order", None) if quote.status == QuoteStatus.ORDERED else None,
        reason_form=ReasonForm(),
        comment_form=CommentForm(),
        answer_form=AnswerForm(),
    )
    return context


class QuoteDetailView(PermissionMixin, View):
    """The quote page: header, line editor, actions allowed now, revisions, history and mails."""

    permission_required = VIEW_QUOTES

    def get(self, request, pk):
        quote = get_object_or_404(Quote.objects.select_related("company", "contact", "owner", "price_request"), pk=pk)
        return render(request, "sales/quote_detail.html", quote_page_context(request, quote))

    def post(self, request, pk):
        """Save the header (contact, validity, texts and terms) of a draft."""
        quote = get_object_or_404(Quote.objects.select_related("company"), pk=pk)
        return header_save(
            request, quote, form_class=QuoteHeaderForm, permission=CHANGE_QUOTES,
            save=lambda **fields: services.quote_update(quote=quote, **fields),
            page=lambda form: render(request, "sales/quote_detail.html",
                                     quote_page_context(request, quote, header_form=form), status=400),
            saved_message=_("The quote is saved."),
        )  # fmt: skip


class QuoteActionView(PermissionMixin, View):
    """The buttons of the action bar: each calls one service, then back to the quote with what happened."""

    permission_required = VIEW_QUOTES
    action_permissions = {
        "send": CHANGE_QUOTES, "approve": APPROVE_QUOTES, "refuse": APPROVE_QUOTES, "revise": CHANGE_QUOTES,
        "cancel": CHANGE_QUOTES, "revoke": CHANGE_QUOTES, "answer": CHANGE_QUOTES, "order": ADD_ORDERS,
    }  # fmt: skip

    def post(self, request, pk, action):
        quote = get_object_or_404(Quote, pk=pk)
        user, post = request.user, request.POST
        try:
            if action == "send":
                confirmation = confirmation_for(kind="quote", document=quote, user=user)
                mail, form = mail_composed(post, confirmation.mail if confirmation else None)
                if form is not None and not form.is_valid():  # a wrong address: nothing sent, nothing typed lost
                    context = quote_page_context(request, quote, compose_form=form)
                    return render(request, "sales/quote_detail.html", context, status=400)
                services.quote_send(quote=quote, actor=user, mail=mail)
                if quote.status == QuoteStatus.AWAITING_APPROVAL:
                    messages.warning(request, _("The discount needs a manager's approval; the quote waits for it."))
                else:
                    messages.success(request, _("%(quote)s is sent.") % {"quote": quote.reference})
            elif action == "approve":
                services.quote_approve(quote=quote, actor=user, comment=text_param(post.get("comment")))
                messages.success(request, _("Approved. The assistant can send the quote now."))
            elif action == "refuse":
                services.quote_refuse(quote=quote, actor=user, comment=text_param(post.get("comment")))
                messages.success(request, _("Refused; the quote is back in draft with your comment."))
            elif action == "revise":
                services.quote_revise(quote=quote, actor=user, reason=text_param(post.get("reason")))
                messages.success(request, _("You can change the quote now; sending it makes the next revision."))
            elif action == "cancel":
                services.quote_cancel(quote=quote, actor=user, reason=text_param(post.get("reason")))
                messages.success(request, _("The quote is cancelled."))
            elif action == "revoke":
                services.quote_link_revoke(quote=quote, actor=user)
                messages.success(request, _("The customer's link no longer works."))
            elif action == "answer":
                form = AnswerForm(post)
                if not form.is_valid():
                    raise DomainError(_("Choose whether the customer accepted or declined."))
                services.quote_record_answer(quote=quote, actor=user, **form.cleaned_data)
                messages.success(request, _("The customer's answer is recorded."))
            elif action == "order":
                from sales.services.orders import order_from_quote

                order = order_from_quote(quote=quote, actor=user)
                messages.success(request, _("The order is created from the quote. Check it and confirm it."))
                return redirect("sales:order-detail", pk=order.pk)
            else:
                return HttpResponse(status=404)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, str(error))
        if action in ("approve", "refuse") and safe_next(request):
            return redirect(safe_next(request))  # decided from the approvals page: back there, for the next one
        return redirect("sales:quote-detail", pk=pk)


class QuotePdfView(PermissionMixin, View):
    """The PDF of the current state (a draft shows how it will look), or a sent revision as it was sent."""

    permission_required = VIEW_QUOTES

    def get(self, request, pk, revision=None):
        quote = get_object_or_404(Quote.objects.select_related("company", "contact"), pk=pk)
        if revision is not None:
            frozen = get_object_or_404(quote.revisions, revision=revision)
            with frozen.pdf.open("rb") as handle:
                content = handle.read()
            name = f"{quote.number}-rev{revision}.pdf"
        else:
            content, name = quote_pdf(quote), quote_pdf_name(quote)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class QuoteCompareView(PermissionMixin, View):
    permission_required = VIEW_QUOTES

    def get(self, request, pk):
        quote = get_object_or_404(Quote, pk=pk)
        revisions = list(quote.revisions.values_list("revision", flat=True))
        # A revision that is not a number is ignored: the last two are compared.
        old = int_param(request.GET.get("old"), minimum=0, maximum=MAX_REVISION)
        new = int_param(request.GET.get("new"), minimum=0, maximum=MAX_REVISION)
        old = (revisions[-2] if len(revisions) > 1 else 0) if old is None else old
        new = (revisions[-1] if revisions else 0) if new is None else new
        try:
            changes = services.quote_revision_changes(quote=quote, old=old, new=new)
            error = ""
        except DomainError as problem:
            old, new, changes, error = 0, 0, [], str(problem)
        context = {"quote": quote, "revisions": revisions, "old": old, "new": new, "changes": changes, "error": error}
        return render(request, "sales/quote_compare.html", context)
