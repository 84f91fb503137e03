from django import forms
from django.utils import timezone
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
from customers.selectors import assistants
from orderdesk.forms import AmountField, ModelIdsField, PlausibleDates


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


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
    duplicate = forms.ModelChoiceField(
        label=_("duplicate to fold into this company"),
        queryset=Company.objects.none(),
        help_text=_(
            "Its contacts, interactions, tasks and documents move here; then it is deleted. A file with issued "
            "invoices stays: fold the other one into it."
        ),
    )

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Company.objects.exclude(pk=company.pk).order_by("name")


class DeliveryAddressForm(forms.ModelForm):
    class Meta:
        model = DeliveryAddress
        fields = ["label", "street", "postal_code", "city", "country", "instructions", "is_default"]
