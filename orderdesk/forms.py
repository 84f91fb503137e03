import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from orderdesk.models import CompanySettings
from orderdesk.numbers import NUMBER_HELP, NumberError, format_number, parse_number
from orderdesk.params import id_param


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


class AmountField(forms.DecimalField):
    """A number typed the Belgian way: the one rule of `orderdesk.numbers` ("1.234,56", "1234,56", "1.234" is 1234,
    "1.5" is 1,5) for amounts, quantities and percentages alike. The rule is said in the field's help."""

    # A text box: a number input refuses the comma a Belgian types.
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_text = format_lazy("{} {}", self.help_text, NUMBER_HELP) if self.help_text else NUMBER_HELP
        self.widget.attrs.setdefault("title", NUMBER_HELP)

    def prepare_value(self, value):
        """A stored number shown the way the field reads it back: 1,5 (not "1.500", which would come back 1500)."""
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            places = self.decimal_places if self.decimal_places is not None and self.decimal_places <= 2 else None
            return format_number(Decimal(value), decimal_places=places)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                value = parse_number(value)
            except NumberError as error:
                raise forms.ValidationError(error.message, code="invalid") from None
        return super().to_python(value)


class ModelIdsField(forms.ModelMultipleChoiceField):
    """A choice of several rows that refuses a value no row id can be ("abc", 30 digits) with the field's own
    message before it asks the database, which fails on an id out of its range. Every form of the project that
    chooses several rows uses it (a test checks)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if id_param(str(pk)) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class ModelIdField(forms.ModelChoiceField):
    """One row, refusing a value no row id can be ("abc", 30 digits) before the database is asked (see above)."""

    def to_python(self, value):
        by_id = (self.to_field_name or "pk") == "pk" and not isinstance(value, self.queryset.model)
        if by_id and value not in self.empty_values and id_param(str(value)) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


@dataclass(frozen=True)
class DateRange:
    """The dates a field accepts, counted from today: a date outside is a typing mistake, not a plan (0001-01-01,
    9999-12-31). The error gives the range and the reason."""

    days_before: int
    days_after: int
    reason: str

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        return today - datetime.timedelta(days=self.days_before), today + datetime.timedelta(days=self.days_after)

    def check(self, day: datetime.date | datetime.datetime, *, today: datetime.date | None = None) -> None:
        if isinstance(day, datetime.datetime):
            day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
        earliest, latest = self.bounds(today)
        if not earliest <= day <= latest:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s: %(reason)s."),
                code="date_range",
                params={"earliest": earliest.strftime("%d/%m/%Y"), "latest": latest.strftime("%d/%m/%Y"),
                        "reason": self.reason},
            )  # fmt: skip

    def __call__(self, value) -> None:  # a field validator
        if value is not None:
            self.check(value)


ANY_DATE = DateRange(3653, 3653, _("a date more than ten years from today is a typing mistake"))


def date_typed(value: str | None, *, date_range: DateRange = ANY_DATE) -> datetime.date:
    """A date from a field a view reads by hand (2026-11-30, as a date input sends it), checked as a form's date
    field is: ValidationError with the message when it is empty, not a date or out of the range."""
    return forms.DateField(validators=[date_range]).clean(value)


class PlausibleDates:
    """Every date field of the form accepts only a plausible date: ANY_DATE unless ``date_ranges`` names the field.
    Every form of the project with a date field uses it (a test checks)."""

    date_ranges: dict[str, DateRange] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(self.date_ranges.get(name, ANY_DATE))


class _StoredFile:
    """What the file input shows of a stored upload: a link to the view that serves it, never to /media/."""

    def __init__(self, url: str, name: str):
        self.url, self.name = url, name

    def __str__(self):
        return self.name


class LogoInput(forms.ClearableFileInput):
    def format_value(self, value):
        if self.is_initial(value):
            return _StoredFile(reverse("orderdesk:company-logo"), _("current logo"))
        return super().format_value(value)


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
            "upload_extra_types",
            "default_payment_days",
            "late_payment_charges",
            "reminders_auto_send",
            "complaint_credit_limit",
            "self_approval_allowed",
            "terms_nl",
            "terms_fr",
            "terms_en",
        ]
        field_classes = {"complaint_credit_limit": AmountField}
        widgets = {
            "logo": LogoInput,
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


class MailComposeForm(BootstrapControls, forms.Form):
    """The mail composer of a document mail: To, CC, subject and text, prefilled with the defaults (each field keeps
    its default in data-default, for "Reset to default text"). Addresses are checked here: a wrong one is refused
    with its name, and nothing leaves."""

    mail_to = forms.CharField(label=_("To"), max_length=1000)
    mail_cc = forms.CharField(label=_("CC"), max_length=1000, required=False)
    mail_subject = forms.CharField(label=_("Subject"), max_length=250)
    mail_body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    mail_number = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, default, **kwargs):
        self.default = default
        values = {"mail_to": ", ".join(default.to), "mail_cc": ", ".join(default.cc), "mail_subject": default.subject,
                  "mail_body": default.body, "mail_number": default.number}  # fmt: skip
        super().__init__(*args, initial=values, **kwargs)
        for name, value in values.items():
            if name != "mail_number":
                self.fields[name].widget.attrs["data-default"] = value
        self.fields["mail_to"].help_text = _("Several addresses: separate them with commas.")
        from orderdesk.mail import PERSONAL_LINK

        if PERSONAL_LINK in default.body:
            self.fields["mail_body"].help_text = _(
                "%(placeholder)s becomes the contact's personal link to their own page when the e-mail leaves; "
                "delete its line to send the e-mail without it."
            ) % {"placeholder": PERSONAL_LINK}

    @staticmethod
    def _addresses(value: str) -> list[str]:
        from django.core.exceptions import ValidationError

        from orderdesk.mail import mail_addresses_parse

        try:
            return mail_addresses_parse(value)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def clean_mail_to(self) -> list[str]:
        addresses = self._addresses(self.cleaned_data["mail_to"])
        if not addresses:
            raise forms.ValidationError(_("Give at least one address to send the e-mail to."))
        return addresses

    def clean_mail_cc(self) -> list[str]:
        return self._addresses(self.cleaned_data["mail_cc"])

    def composition(self):
        """What the user changed; a field left as it was stays None, so the service writes its own default (with the
        final number, should another issue have taken the one shown)."""
        from orderdesk.mail import MailComposition

        data, default = self.cleaned_data, self.default

        def same_text(typed: str, original: str) -> bool:
            return typed.replace("\r\n", "\n").strip() == original.replace("\r\n", "\n").strip()

        return MailComposition(
            to=None if data["mail_to"] == list(default.to) else data["mail_to"],
            cc=None if data["mail_cc"] == list(default.cc) else data["mail_cc"],
            subject=None
            if same_text(data["mail_subject"], default.subject)
            else " ".join(data["mail_subject"].split()),
            body=None if same_text(data["mail_body"], default.body) else data["mail_body"].replace("\r\n", "\n"),
            number_shown=data.get("mail_number") or "",
        )


def mail_composed(data, default) -> tuple[object, "MailComposeForm | None"]:
    """The composition posted with a confirmation (None when the composer was not used: a post without it keeps
    every default), and the bound form, to show again with its errors when it is not valid."""
    if default is None or "mail_subject" not in data:
        return None, None
    form = MailComposeForm(data, default=default)
    return (form.composition() if form.is_valid() else None), form
