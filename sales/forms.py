from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from orderdesk.forms import AmountField
from sales.models import IncomingStock, Product, ProductDocument, ProductSpec, QuantityBreak

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class DiscountAuthorityForm(forms.Form):
    max_discount_percent = forms.DecimalField(
        label=_("maximum discount (%)"), max_digits=5, decimal_places=2, validators=PERCENT, localize=True
    )
    min_margin_percent = forms.DecimalField(
        label=_("minimum margin (%)"), max_digits=5, decimal_places=2, validators=PERCENT, localize=True
    )


class ProductForm(forms.ModelForm):
    list_price = AmountField(label=_("list price excl. VAT"), required=False, max_digits=14, decimal_places=2)
    cost_price = AmountField(label=_("cost price"), required=False, max_digits=14, decimal_places=2)
    on_hand = AmountField(label=_("in stock"), max_digits=12, decimal_places=3)

    class Meta:
        model = Product
        fields = [
            "sku", "category", "is_service", "is_active", "unit", "vat_category",
            "name_nl", "name_fr", "name_en",
            "description_nl", "description_fr", "description_en",
            "applications_nl", "applications_fr", "applications_en",
            "usage_nl", "usage_fr", "usage_en",
            "list_price", "cost_price", "warranty_months", "supplier", "supplier_lead_days",
            "on_hand", "substitutes", "accessories",
        ]  # fmt: skip
        widgets = {
            **{f"{field}_{lang}": forms.Textarea(attrs={"rows": 2})
               for field in ("description", "applications", "usage") for lang in ("nl", "fr", "en")},
            "substitutes": forms.SelectMultiple(attrs={"size": 6}),
            "accessories": forms.SelectMultiple(attrs={"size": 6}),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Product.objects.filter(is_active=True).order_by("sku")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["substitutes"].queryset = others
        self.fields["accessories"].queryset = others

    def clean(self):
        cleaned = super().clean()
        for field in ("list_price", "cost_price"):
            if cleaned.get(field) is not None and cleaned[field] < 0:
                self.add_error(field, _("A price cannot be negative."))
        return cleaned


SpecFormSet = forms.inlineformset_factory(
    Product, ProductSpec, fields=["key", "value", "position"], extra=3, can_delete=True
)
QuantityBreakFormSet = forms.inlineformset_factory(
    Product, QuantityBreak, fields=["min_quantity", "unit_price"], extra=2, can_delete=True,
    field_classes={"min_quantity": AmountField, "unit_price": AmountField},
)  # fmt: skip
IncomingFormSet = forms.inlineformset_factory(
    Product, IncomingStock, fields=["quantity", "expected_on", "received"], extra=1, can_delete=True,
    field_classes={"quantity": AmountField},
    widgets={"expected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
)  # fmt: skip


class ProductDocumentForm(forms.ModelForm):
    class Meta:
        model = ProductDocument
        fields = ["title", "language", "file"]
