from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.permissions import PermissionMixin
from orderdesk.uploads import download_response
from sales.forms import (
    IncomingFormSet,
    MarketNoteForm,
    ProductDocumentForm,
    ProductForm,
    QuantityBreakFormSet,
    SpecFormSet,
)
from sales.models import MarketNote, Product, ProductDocument
from sales.services.catalog import market_note_add, product_document_add, product_save

FORMSETS = {"specs": SpecFormSet, "breaks": QuantityBreakFormSet, "incoming": IncomingFormSet}


class ProductEditView(PermissionMixin, View):
    """Create (no pk) or edit a product with its specifications, quantity prices and expected goods."""

    permission_required = "sales.change_product"
    template_name = "sales/product_form.html"

    def _render(self, request, form, formsets, product, status=200):
        context = {"form": form, "formsets": formsets, "product": product}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        product = get_object_or_404(Product, pk=pk) if pk else Product()
        formsets = {name: cls(instance=product, prefix=name) for name, cls in FORMSETS.items()}
        return self._render(request, ProductForm(instance=product), formsets, product)

    def post(self, request, pk=None):
        product = get_object_or_404(Product, pk=pk) if pk else Product()
        form = ProductForm(request.POST, instance=product)
        formsets = {name: cls(request.POST, instance=product, prefix=name) for name, cls in FORMSETS.items()}
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            try:
                saved = product_save(
                    product=form.save(commit=False),
                    actor=request.user,
                    substitutes=form.cleaned_data["substitutes"],
                    accessories=form.cleaned_data["accessories"],
                    formsets=list(formsets.values()),
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("%(sku)s is saved.") % {"sku": saved.sku})
                return redirect("sales:product-detail", pk=saved.pk)
        return self._render(request, form, formsets, product, status=400)


class ProductDocumentAddView(PermissionMixin, View):
    permission_required = "sales.change_product"

    def post(self, request, pk):
        product = get_object_or_404(Product, pk=pk)
        form = ProductDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            product_document_add(product=product, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The document is added."))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("sales:product-detail", pk=pk)


class ProductDocumentDownloadView(PermissionMixin, View):
    """A product document for whoever may see the catalog: a download under the name it was uploaded with."""

    permission_required = "sales.view_product"

    def get(self, request, pk, document_pk):
        document = get_object_or_404(ProductDocument, pk=document_pk, product_id=pk)
        filename = document.original_name or PurePath(document.file.name).name
        return download_response(document.file, filename=filename)


class MarketNoteAddView(PermissionMixin, View):
    permission_required = "sales.add_marketnote"

    def post(self, request, pk):
        product = get_object_or_404(Product, pk=pk)
        form = MarketNoteForm(request.POST, instance=MarketNote(product=product))
        if form.is_valid():
            market_note_add(note=form.save(commit=False), actor=request.user)
            messages.success(request, _("The market note is saved."))
        else:
            messages.error(
                request,
                " ".join(
                    f"{form[f].label}: {e}" for f, errors in form.errors.items() if f in form.fields for e in errors
                ),
            )
        return redirect("sales:product-detail", pk=pk)
