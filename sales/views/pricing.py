from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from orderdesk.exceptions import DomainError
from orderdesk.forms import form_add_service_error
from orderdesk.permissions import PermissionMixin
from sales.forms import PriceListForm, PriceListItemFormSet, PromotionForm
from sales.models import PriceList, Promotion
from sales.selectors.catalog import price_lists_overview, promotions_not_ended
from sales.services.catalog import price_list_save, promotion_save


class PricingView(PermissionMixin, View):
    """Price lists and promotions at a glance."""

    permission_required = "sales.view_pricelist"

    def get(self, request):
        today = timezone.localdate()
        context = {
            "price_lists": price_lists_overview(),
            "promotions": promotions_not_ended(today=today),
            "today": today,
        }
        return render(request, "sales/pricing.html", context)


class PromotionEditView(PermissionMixin, View):
    permission_required = "sales.change_promotion"

    def get(self, request, pk=None):
        promotion = get_object_or_404(Promotion, pk=pk) if pk else Promotion()
        return render(request, "sales/promotion_form.html", {"form": PromotionForm(instance=promotion)})

    def post(self, request, pk=None):
        promotion = get_object_or_404(Promotion, pk=pk) if pk else Promotion()
        form = PromotionForm(request.POST, instance=promotion)
        if form.is_valid():
            try:
                promotion_save(promotion=form.save(commit=False), actor=request.user)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The promotion is saved."))
                return redirect("sales:pricing")
        return render(request, "sales/promotion_form.html", {"form": form}, status=400)


class PriceListEditView(PermissionMixin, View):
    permission_required = "sales.change_pricelist"

    def _render(self, request, form, formset, status=200):
        return render(request, "sales/price_list_form.html", {"form": form, "formset": formset}, status=status)

    def get(self, request, pk=None):
        price_list = get_object_or_404(PriceList, pk=pk) if pk else PriceList()
        return self._render(
            request, PriceListForm(instance=price_list), PriceListItemFormSet(instance=price_list, prefix="items")
        )

    def post(self, request, pk=None):
        price_list = get_object_or_404(PriceList, pk=pk) if pk else PriceList()
        form = PriceListForm(request.POST, instance=price_list)
        formset = PriceListItemFormSet(request.POST, instance=price_list, prefix="items")
        if form.is_valid() and formset.is_valid():
            try:
                price_list_save(price_list=form.save(commit=False), items_formset=formset, actor=request.user)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The price list is saved."))
                return redirect("sales:pricing")
        return self._render(request, form, formset, status=400)
