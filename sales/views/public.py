"""What a customer sees without logging in: the quote behind the signed link in their e-mail."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.params import text_param
from sales.services.documents import quote_revision_context
from sales.services.quotes import quote_accept, quote_decline, quote_link_open, quote_link_problem


@method_decorator(login_not_required, name="dispatch")
class QuotePublicView(View):
    """View the quote; accept (name, optional PO reference) or decline (reason). Answers are POSTs."""

    def get(self, request, token):
        return self._page(request, token)

    def post(self, request, token):
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                quote_accept(
                    token=token, name=text_param(request.POST.get("name")),
                    customer_reference=text_param(request.POST.get("customer_reference")),
                )  # fmt: skip
            elif answer == "decline":
                quote_decline(token=token, reason=text_param(request.POST.get("reason")))
            else:
                return self._page(request, token, status=400)
        except ValidationError as error:
            return self._page(request, token, errors=error.message_dict, status=400)
        except DomainError as error:
            return self._page(request, token, general_errors=[str(error)], status=400)
        return self._page(request, token, answered=answer)

    def _page(self, request, token, *, errors=None, general_errors=(), answered="", status=200):
        try:
            frozen = quote_link_open(token)
        except DomainError as error:
            # Revoked, expired or made up: nothing of the quote, only why.
            return render(request, "sales/quote_public_invalid.html", {"message": str(error)}, status=404)
        quote = frozen.quote
        # The customer reads in their own language, whoever is signed in on this browser.
        translation.activate(quote.language)
        context = {
            # The revision as it was sent, never what the assistant changed since.
            **quote_revision_context(frozen),
            "token": token,
            "problem": quote_link_problem(quote=quote, revision=frozen.revision, today=timezone.localdate()),
            "errors": errors or {},
            "general_errors": general_errors,
            "posted": request.POST,
            "answered": answered,
        }
        return render(request, "sales/quote_public.html", context, status=status)


@method_decorator(login_not_required, name="dispatch")
class QuotePublicPdfView(View):
    """The PDF exactly as it was sent for this link's revision."""

    def get(self, request, token):
        try:
            frozen = quote_link_open(token)
        except DomainError:
            raise Http404 from None
        with frozen.pdf.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{frozen.quote.number}-rev{frozen.revision}.pdf"'
        return response
