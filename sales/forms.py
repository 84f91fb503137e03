from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class DiscountAuthorityForm(forms.Form):
    max_discount_percent = forms.DecimalField(
        label=_("maximum discount (%)"), max_digits=5, decimal_places=2, validators=PERCENT, localize=True
    )
    min_margin_percent = forms.DecimalField(
        label=_("minimum margin (%)"), max_digits=5, decimal_places=2, validators=PERCENT, localize=True
    )
