import re

from django import forms
from django.utils.translation import gettext_lazy as _

from orderdesk.models import CompanySettings


class BootstrapControls:
    """For forms rendered field by field (not through crispy): the Bootstrap classes on their widgets."""

    control_size = ""  # "sm" for the small forms inside a card

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
                continue
            kind = "select" if isinstance(field.widget, forms.Select) else "control"
            size = f" form-{kind}-{self.control_size}" if self.control_size else ""
            field.widget.attrs.setdefault("class", f"form-{kind}{size}")


class CompanySettingsForm(forms.ModelForm):
    # People type "www.example.be"; assume https rather than Django's legacy http default.
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = CompanySettings
        fields = [
            "name",
            "legal_form",
            "street",
            "postal_code",
            "city",
            "country",
            "enterprise_number",
            "vat_number",
            "register_court",
            "iban",
            "bic",
            "email",
            "phone",
            "website",
            "logo",
            "default_payment_days",
            "late_payment_charges",
            "reminders_auto_send",
            "complaint_credit_limit",
            "terms_nl",
            "terms_fr",
            "terms_en",
        ]
        widgets = {
            "terms_nl": forms.Textarea(attrs={"rows": 4}),
            "terms_fr": forms.Textarea(attrs={"rows": 4}),
            "terms_en": forms.Textarea(attrs={"rows": 4}),
        }


def form_add_service_error(form: forms.Form, error: Exception) -> None:
    """Show a service's ValidationError or DomainError on the form: per field where the form has that field."""
    from django.core.exceptions import ValidationError

    from orderdesk.exceptions import DomainError

    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    elif isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, str(error))
    else:
        form.add_error(None, error)


THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


class AmountField(forms.DecimalField):
    """A decimal typed the Belgian way ("1.234,56", "1234,56") or the programmer's way ("1234.56")."""

    # A text box: a number input refuses the comma a Belgian types.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif self.decimal_places is not None and self.decimal_places <= 2 and THOUSANDS.fullmatch(value):
                value = value.replace(".", "")  # "1.234" is how a Belgian writes 1234 euro
        return super().to_python(value)
