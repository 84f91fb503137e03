from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from customers.views.companies import on_the_line_id
from orderdesk.exceptions import DomainError
from orderdesk.params import decimal_param, text_param
from orderdesk.permissions import ROLE_LABELS, ROLES, VIEW_MANAGER_PAGES, PermissionMixin
from sales.forms import DiscountAuthorityForm, MarketNoteForm, ProductCustomerForm
from sales.models import DiscountAuthority, Product, Promotion
from sales.selectors.catalog import catalog_quality, product_list, product_page_queryset
from sales.services.availability import availability_for
from sales.services.catalog import product_note_add
from sales.services.discounts import discount_authority_set
from sales.services.pricing import price_for
from sales.views.price_check import price_check_context

VIEW_PRODUCTS = "sales.view_product"
PAGE_SIZE = 25


class CatalogView(PermissionMixin, View):
    permission_required = VIEW_PRODUCTS

    def get(self, request):
        filterset = product_list(params=request.GET)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        today = timezone.localdate()
        rows = [
            {"product": product, "availability": availability_for(product=product, today=today)}
            for product in page.object_list
        ]
        context = {"filter": filterset, "page_obj": page, "paginator": page.paginator, "rows": rows}
        template = "sales/_product_rows.html" if request.htmx else "sales/catalog.html"
        return render(request, template, context)


MAX_QUANTITY = Decimal("999999999")  # what a quantity column holds


def _quantity(raw: str | None) -> Decimal:
    """The quantity to price, typed the Belgian way; 1 when it is not a quantity (NaN, 0, -1, 1e400, 30 digits)."""
    return decimal_param(raw, minimum=Decimal("0.001"), maximum=MAX_QUANTITY) or Decimal(1)


class ProductDetailView(PermissionMixin, View):
    """Everything to answer a product question on the phone: texts, specs, stock, price for this customer."""

    permission_required = VIEW_PRODUCTS

    def get(self, request, pk):
        product = get_object_or_404(product_page_queryset(), pk=pk)
        today = timezone.localdate()
        quantity = _quantity(request.GET.get("quantity"))
        customer_form = _customer_form(request)
        customer = customer_form.cleaned_data.get("customer") if customer_form.is_valid() else None
        language = get_language()
        price, price_error = None, ""
        try:
            price = price_for(product=product, quantity=quantity, date=today, customer=customer)
        except DomainError as error:
            price_error = str(error)
        texts = {field: product.text(field, language) for field in ("name", "description", "applications", "usage")}
        context = {
            "product": product,
            "texts": texts,
            "quantity": quantity,
            "customer": customer,
            "customer_form": customer_form,
            **price_check_context(user=request.user, customer=customer),
            "price": price,
            "price_error": price_error,
            "availability": availability_for(product=product, quantity=quantity, today=today),
            "incoming": [i for i in product.incoming.all() if not i.received and i.expected_on >= today],
            "substitutes": [
                {"product": p, "availability": availability_for(product=p, quantity=quantity, today=today)}
                for p in product.substitutes.all()
            ],
            "accessories": list(product.accessories.all()),
            "promotions": Promotion.objects.filter(
                Q(product=product) | Q(category_id=product.category_id), starts_on__lte=today, ends_on__gte=today
            ),
            "notes": product.notes.select_related("author"),
            "market_notes": product.market_notes.select_related("company", "author"),
            "show_margin": request.user.has_perm("sales.view_margin"),
            "market_note_form": MarketNoteForm(initial={"observed_on": today, "company": customer}),
        }
        return render(request, "sales/product_detail.html", context)


def _customer_form(request) -> ProductCustomerForm:
    """The customer to price for: the one chosen on the page (the picker: an id, or a name typed without
    JavaScript; empty is "any customer"), else the customer on the line."""
    if "customer" in request.GET or "customer_text" in request.GET:
        return ProductCustomerForm(request.GET)
    return ProductCustomerForm({"customer": on_the_line_id(request) or ""})


class ProductNoteCreateView(PermissionMixin, View):
    permission_required = "sales.add_productnote"

    def post(self, request, pk):
        product = get_object_or_404(Product, pk=pk)
        try:
            product_note_add(
                product=product,
                question=text_param(request.POST.get("question")),
                answer=text_param(request.POST.get("answer")),
                actor=request.user,
            )
        except (ValidationError, DomainError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Your note is shared with your colleagues."))
        return redirect("sales:product-detail", pk=pk)


class CatalogQualityView(PermissionMixin, View):
    """What is missing in the product information before customers and the website see it."""

    permission_required = VIEW_PRODUCTS

    def get(self, request):
        gaps = catalog_quality()
        labels = {
            "translation": _("Missing a French or English translation"),
            "specs": _("No specifications"),
            "price": _("No list price"),
            "warranty": _("No warranty period"),
            "document": _("No document (datasheet, manual)"),
            "inactive_offered": _("Inactive, but still in open quotes or orders"),
        }
        sections = [{"key": key, "label": labels[key], "products": gaps[key]} for key in labels]
        return render(request, "sales/catalog_quality.html", {"sections": sections})


class DiscountAuthorityView(PermissionMixin, View):
    """A manager sets, per role, the largest discount without approval and the minimum margin."""

    permission_required = VIEW_MANAGER_PAGES
    template_name = "sales/discount_authority.html"

    def _rows(self, data=None):
        current = {a.role: a for a in DiscountAuthority.objects.all()}
        rows = []
        for role in ROLES:
            authority = current.get(role)
            initial = {
                "max_discount_percent": authority.max_discount_percent if authority else Decimal(0),
                "min_margin_percent": authority.min_margin_percent if authority else Decimal(0),
            }
            rows.append(
                {
                    "role": role,
                    "label": ROLE_LABELS[role],
                    "form": DiscountAuthorityForm(data, prefix=role, initial=initial),
                }
            )
        return rows

    def get(self, request):
        return render(request, self.template_name, {"rows": self._rows()})

    def post(self, request):
        rows = self._rows(request.POST)
        if all(row["form"].is_valid() for row in rows):
            for row in rows:
                discount_authority_set(role=row["role"], actor=request.user, **row["form"].cleaned_data)
            messages.success(request, _("The discount limits are saved; they apply to new quotes and orders."))
            return redirect("sales:discount-authority")
        return render(request, self.template_name, {"rows": rows}, status=400)
