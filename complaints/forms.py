from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, RootCause, SupplierClaim
from complaints.states import Severity
from orderdesk.forms import AmountField, BootstrapControls


class ComplaintForm(BootstrapControls, forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=None, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Complaint.Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.NORMAL)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = company.contacts.filter(is_active=True)


class AssessForm(BootstrapControls, forms.Form):
    justified = forms.TypedChoiceField(
        label=_("Justified?"),
        choices=[("", _("Not decided yet")), ("yes", _("Justified")), ("no", _("Not justified"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value), empty_value=None, required=False,
    )  # fmt: skip
    justification = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    root_cause = forms.ModelChoiceField(label=_("Root cause"), queryset=RootCause.objects.filter(active=True),
                                        required=False)  # fmt: skip
    root_cause_detail = forms.CharField(label=_("Cause, in detail"), widget=forms.Textarea(attrs={"rows": 2}),
                                        required=False)  # fmt: skip
    warranty_override = forms.ChoiceField(
        label=_("Warranty"), choices=[("", _("As the dates say")), *Complaint.Warranty.choices], required=False
    )
    warranty_override_reason = forms.CharField(label=_("Why decided by hand"), max_length=300, required=False)


class ProposeForm(BootstrapControls, forms.Form):
    procedure = forms.ChoiceField(label=_("Solution"), choices=Complaint.Procedure.choices)
    proposal = forms.CharField(label=_("What we propose"), widget=forms.Textarea(attrs={"rows": 2}))
    credit_amount = AmountField(
        label=_("Amount excl. VAT"), decimal_places=2, required=False,
        help_text=_("Credit note: empty credits the concerned lines at their price."),
    )  # fmt: skip


class DecideForm(BootstrapControls, forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    approved_credit = AmountField(label=_("Credit approved (excl. VAT)"), decimal_places=2, required=False)


class CloseForm(BootstrapControls, forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))
    satisfaction = forms.TypedChoiceField(
        label=_("Customer satisfaction"), choices=[("", "—"), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int, empty_value=None, required=False,
    )  # fmt: skip


class SupplierClaimForm(BootstrapControls, forms.Form):
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    supplier_reference = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    question = forms.CharField(label=_("What we asked"), widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Their answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SupplierClaim.Outcome.choices)
    amount = AmountField(label=_("Amount credited by the supplier"), decimal_places=2, required=False)


class ReasonForm(BootstrapControls, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(BootstrapControls, forms.Form):
    accepted = forms.TypedChoiceField(label=_("The customer"), choices=[("yes", _("accepts")), ("no", _("refuses"))],
                                      coerce=lambda value: value == "yes")  # fmt: skip
    note = forms.CharField(label=_("What the customer said"), required=False, max_length=1000)


class RootCauseForm(BootstrapControls, forms.ModelForm):
    class Meta:
        model = RootCause
        fields = ["name_nl", "name_fr", "name_en", "active"]


RootCauseFormSet = forms.modelformset_factory(RootCause, form=RootCauseForm, extra=1, can_delete=False)
