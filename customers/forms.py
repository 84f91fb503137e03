from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from customers.models import (
    Company,
    Contact,
    ContactRole,
    CreditRequest,
    CreditStatus,
    DeliveryAddress,
    FollowUpTask,
    Interaction,
    Tag,
)
from customers.selectors import assistants, companies_matching
from orderdesk.forms import AmountField, ModelIdField, ModelIdsField, PlausibleDates
from orderdesk.params import object_param


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


# --- customer pickers ------------------------------------------------------------------------------------------------


class TypedCompany(str):
    """What was typed in a customer picker's text field when no company was chosen from its list (no JavaScript,
    or typed and sent at once): the field resolves it on the server."""


def company_label(company: Company) -> str:
    """How a company shows in a picker: the name, with the city and VAT number that tell namesakes apart."""
    return " · ".join(part for part in (company.name, company.city, company.vat_number) if part)


class CompanyPickerWidget(forms.Widget):
    """A type-ahead for one company, never a list of them all: a text field (the company's name, a datalist filled
    as you type from `customers:company-search` by static/orderdesk/app.js) and a hidden field with the chosen id.
    Without JavaScript the typed text is sent alone and resolved on the server (`CompanyChoiceField`)."""

    def value_from_datadict(self, data, files, name):
        picked, typed = data.get(name), (data.get(f"{name}_text") or "").strip()
        if picked not in (None, ""):
            return picked
        return TypedCompany(typed) if typed else None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_text" not in data

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.pop("id", f"id_{name}")
        css = attrs.pop("class", "form-control")
        picked, text = "", ""
        if isinstance(value, TypedCompany):
            text = str(value)
        elif value not in (None, ""):
            pk = value.pk if isinstance(value, Company) else value
            company = object_param(Company.objects, str(pk))
            if company is not None:
                picked, text = company.pk, company.name
        extra = mark_safe(" required") if attrs.pop("required", False) else ""  # noqa: S308 - a constant
        placeholder = attrs.pop("placeholder", _("Type a name, VAT or enterprise number"))
        return format_html(
            '<input type="hidden" name="{name}" id="{id}-id" value="{picked}">'
            '<input type="text" name="{name}_text" id="{id}" class="{css}" value="{text}" list="{id}-options" '
            'autocomplete="off" placeholder="{placeholder}" data-company-picker="{url}" data-company-field="{id}-id"'
            "{extra}>"
            '<datalist id="{id}-options"></datalist>',
            name=name, id=field_id, picked=picked, css=css, text=text, placeholder=placeholder,
            url=reverse("customers:company-search"), extra=extra,
        )  # fmt: skip


class CompanyChoiceField(ModelIdField):
    """A company chosen with `CompanyPickerWidget`: the id is checked against `queryset` (all companies the form
    allows); a typed name, VAT or enterprise number is resolved when exactly one allowed company matches."""

    widget = CompanyPickerWidget

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset if queryset is not None else Company.objects.all(), **kwargs)

    def to_python(self, value):
        if not isinstance(value, TypedCompany):
            return super().to_python(value)
        matches = list(companies_matching(queryset=self.queryset, query=str(value), limit=2))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(_("No customer matches “%(query)s”."), code="invalid_choice",
                                        params={"query": value})  # fmt: skip
        raise forms.ValidationError(_("Several customers match “%(query)s”: choose one from the list."),
                                    code="invalid_choice", params={"query": value})  # fmt: skip


class CompanyForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    # Typed with dots and spaces; the service stores the 10 digits.
    enterprise_number = forms.CharField(
        label=_("enterprise number"), max_length=20, required=False, help_text=_("Belgian companies: 0123.456.789")
    )
    vat_number = forms.CharField(
        label=_("VAT number"), max_length=25, required=False, help_text=_("With country code: BE0123456789")
    )
    tags = forms.CharField(
        label=_("tags"), required=False, help_text=_("Separate tags with commas, e.g. Horeca, Key account.")
    )
    confirm_similar = forms.BooleanField(
        label=_("Yes, this is a different company: create it anyway."), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Company
        fields = [
            "kind",
            "name",
            "legal_form",
            "vat_regime",
            "enterprise_number",
            "vat_number",
            "language",
            "street",
            "postal_code",
            "city",
            "country",
            "phone",
            "email",
            "invoice_email",
            "website",
            "peppol_id",
            "payment_days",
            "price_list",
            "owner",
            "source",
            "source_detail",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assistants()
        if self.instance.pk:
            # The kind changes through "convert to customer", with its history.
            del self.fields["kind"]
            del self.fields["confirm_similar"]
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())
        self.fields["enterprise_number"].widget.attrs["placeholder"] = "0123.456.789"
        self.fields["vat_number"].widget.attrs["placeholder"] = "BE0123456789"

    def show_similar_confirmation(self) -> None:
        self.fields["confirm_similar"].widget = forms.CheckboxInput()

    def clean_enterprise_number(self) -> str:
        return "".join(ch for ch in self.cleaned_data["enterprise_number"] if ch.isdigit())

    def clean_vat_number(self) -> str:
        return "".join(ch for ch in self.cleaned_data["vat_number"] if ch.isalnum()).upper()

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",")]
        return sorted({name[:50] for name in names if name})

    def tag_objects(self) -> list[Tag]:
        return [Tag.objects.get_or_create(name=name)[0] for name in self.cleaned_data["tags"]]


class ContactForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=ContactRole.Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "roles",
            "email",
            "phone",
            "mobile",
            "language",
            "preferred_channel",
            "is_active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = [role.role for role in self.instance.roles.all()]


class InteractionForm(PlausibleDates, forms.ModelForm):
    happened_at = forms.DateTimeField(label=_("date and time"), widget=DateTimeInput())

    class Meta:
        model = Interaction
        fields = ["kind", "direction", "happened_at", "contacts", "summary", "minutes", "internal_attendees"]
        field_classes = {"contacts": ModelIdsField, "internal_attendees": ModelIdsField}
        widgets = {
            "contacts": forms.CheckboxSelectMultiple,
            "internal_attendees": forms.SelectMultiple(attrs={"size": 4}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = company.contacts.filter(anonymised_at__isnull=True)
        self.fields["internal_attendees"].queryset = assistants()
        self.fields["internal_attendees"].required = False
        self.initial.setdefault("happened_at", timezone.localtime().replace(second=0, microsecond=0))


class TaskForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = ["title", "due_date", "assignee", "contact", "notes"]
        widgets = {"due_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, company: Company, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assistants()
        self.fields["contact"].queryset = company.contacts.filter(anonymised_at__isnull=True)
        self.initial.setdefault("assignee", user.pk)
        self.initial.setdefault("due_date", timezone.localdate() + timezone.timedelta(days=2))

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate() - timezone.timedelta(days=1):
            raise forms.ValidationError(_("Pick today or a later day."))
        return due


class CreditRequestForm(forms.ModelForm):
    requested_limit = AmountField(label=_("requested limit"), max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = CreditRequest
        fields = ["requested_limit", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class CreditDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CreditStatusForm(forms.Form):
    credit_status = forms.ChoiceField(label=_("credit status"), choices=CreditStatus.choices)
    reason = forms.CharField(label=_("reason"), required=False, max_length=300)


class ConvertForm(forms.Form):
    reason = forms.CharField(label=_("reason"), required=False, max_length=300)


class MergeForm(forms.Form):
    duplicate = CompanyChoiceField(
        label=_("duplicate to fold into this company"),
        queryset=Company.objects.none(),
        help_text=_(
            "Its contacts, interactions, tasks and documents move here; then it is deleted. A file with issued "
            "invoices stays: fold the other one into it."
        ),
    )

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Company.objects.exclude(pk=company.pk)


class DeliveryAddressForm(forms.ModelForm):
    class Meta:
        model = DeliveryAddress
        fields = ["label", "street", "postal_code", "city", "country", "instructions", "is_default"]
