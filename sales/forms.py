import datetime
import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from customers.forms import CompanyChoiceField, CompanyPickerWidget
from customers.models import Company, Contact
from orderdesk.forms import AmountField, BootstrapControls, DateRange, ModelIdField, ModelIdsField, PlausibleDates
from sales.models import (
    CompanyBankAccount,
    IncomingStock,
    Invoice,
    LatePaymentRate,
    MarketNote,
    Order,
    Payment,
    PaymentPromise,
    PriceList,
    PriceListItem,
    PriceRequest,
    Product,
    ProductDocument,
    ProductSpec,
    Promotion,
    QuantityBreak,
    Quote,
    ReminderLevel,
)
from sales.states import HandOver

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class DiscountAuthorityForm(forms.Form):
    max_discount_percent = AmountField(label=_("maximum discount (%)"), max_digits=5, decimal_places=2,
                                       validators=PERCENT)  # fmt: skip
    min_margin_percent = AmountField(label=_("minimum margin (%)"), max_digits=5, decimal_places=2,
                                     validators=PERCENT)  # fmt: skip


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
        field_classes = {"substitutes": ModelIdsField, "accessories": ModelIdsField}

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


class PromotionForm(PlausibleDates, forms.ModelForm):
    discount_percent = AmountField(label=_("discount (%)"), required=False, max_digits=5, decimal_places=2)
    unit_price = AmountField(label=_("promotion price excl. VAT"), required=False, max_digits=14, decimal_places=2)

    class Meta:
        model = Promotion
        fields = ["name", "starts_on", "ends_on", "product", "category", "discount_percent", "unit_price"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("product")) == bool(cleaned.get("category")):
            raise forms.ValidationError(_("Choose a product or a category, not both."))
        if (cleaned.get("discount_percent") is None) == (cleaned.get("unit_price") is None):
            raise forms.ValidationError(_("Give a discount percentage or a promotion price, not both."))
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("The promotion cannot end before it starts."))
        return cleaned


class PriceListForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = PriceList
        fields = ["name", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class PriceListItemForm(forms.ModelForm):
    min_quantity = AmountField(label=_("from quantity"), max_digits=12, decimal_places=3, initial=1)
    unit_price = AmountField(label=_("fixed price excl. VAT"), required=False, max_digits=14, decimal_places=2)
    discount_percent = AmountField(
        label=_("discount on the list price (%)"), required=False, max_digits=5, decimal_places=2
    )

    class Meta:
        model = PriceListItem
        fields = ["product", "min_quantity", "unit_price", "discount_percent"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("product") and (cleaned.get("unit_price") is None) == (cleaned.get("discount_percent") is None):
            raise forms.ValidationError(_("Give a fixed price or a discount, not both."))
        return cleaned


PriceListItemFormSet = forms.inlineformset_factory(
    PriceList, PriceListItem, form=PriceListItemForm, extra=3, can_delete=True
)


class MarketNoteForm(PlausibleDates, forms.ModelForm):
    competitor_price = AmountField(label=_("their price excl. VAT"), required=False, max_digits=14, decimal_places=2)
    company = CompanyChoiceField(label=_("heard from customer"), required=False)

    class Meta:
        model = MarketNote
        fields = ["competitor", "competitor_product", "competitor_price", "observed_on", "company", "notes"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


# --- price requests, quotes, orders, deliveries --------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _contacts_of(form, company) -> None:
    form.fields["contact"].queryset = company.contacts.filter(is_active=True) if company else Contact.objects.none()


class PriceRequestForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = PriceRequest
        fields = ["contact", "channel", "need", "quantity", "deadline", "notes"]
        widgets = {"need": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2}),
                   "deadline": DateInput()}  # fmt: skip

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        _contacts_of(self, company)


class QuoteHeaderForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Quote
        fields = ["contact", "valid_until", "introduction", "delivery_terms", "payment_terms", "warranty_terms",
                  "return_terms", "internal_notes"]  # fmt: skip
        widgets = {
            "valid_until": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in fields[2:]},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _contacts_of(self, self.instance.company)


class OrderHeaderForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Order
        fields = ["contact", "customer_reference", "requested_delivery_on", "delivery_address", "delivery_method",
                  "packaging", "delivery_terms", "payment_terms", "internal_notes"]  # fmt: skip
        widgets = {
            "requested_delivery_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in ("delivery_terms", "payment_terms", "internal_notes")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _contacts_of(self, self.instance.company)
        self.fields["delivery_address"].queryset = self.instance.company.delivery_addresses.all()


class InvoiceHeaderForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["contact", "customer_reference", "supply_date", "payment_days", "notes", "internal_notes"]
        widgets = {
            "supply_date": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("notes", "internal_notes")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _contacts_of(self, self.instance.company)


class CreditNoteForm(forms.Form):
    """What to credit: chosen quantities per line, or an amount; always with the reason the customer reads."""

    reason = forms.CharField(label=_("Reason (printed on the credit note)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    mode = forms.ChoiceField(
        label=_("Credit"),
        choices=[("full", _("The whole invoice")), ("lines", _("Chosen lines and quantities")),
                 ("amount", _("An amount"))],
        widget=forms.RadioSelect, initial="lines",
    )  # fmt: skip
    amount = AmountField(label=_("Amount excl. VAT"), required=False, min_value=Decimal("0.01"), decimal_places=2)
    vat_rate = forms.ChoiceField(label=_("VAT rate"), required=False)

    def __init__(self, *args, invoice, **kwargs):
        super().__init__(*args, **kwargs)
        # One choice per VAT rate of the invoice; at a rate with both goods and services of different VAT
        # categories (an EU customer: intra-Community supply and reverse charge), one choice for each.
        kinds: dict = {}
        for line in invoice.lines.all():
            kinds.setdefault(line.vat_rate, set()).add(line.is_service)
        split = invoice.vat_regime == "eu"
        choices = []
        for rate in sorted(kinds, reverse=True):
            label = f"{rate.normalize():f} %"
            if split and rate == 0 and len(kinds[rate]) > 1:
                choices += [
                    (f"{rate}:goods", f"{label} – {_('goods')}"),
                    (f"{rate}:service", f"{label} – {_('services')}"),
                ]
            else:
                choices.append((str(rate), label))
        self.fields["vat_rate"].choices = choices

    @property
    def vat_rate_and_kind(self) -> tuple[str, bool | None]:
        """The chosen VAT rate, and goods or services where the choice says it."""
        rate, _colon, kind = (self.cleaned_data.get("vat_rate") or "").partition(":")
        return rate, (kind == "service") if kind else None

    def clean(self):
        data = super().clean()
        if data.get("mode") == "amount" and not data.get("amount"):
            self.add_error("amount", _("Enter the amount to credit."))
        return data


class PaymentForm(PlausibleDates, forms.ModelForm):
    amount = AmountField(label=_("Amount"), min_value=Decimal("0.01"), decimal_places=2)
    date_ranges = {
        "received_on": DateRange(366, 366, _("a payment is registered within a year of the day it was received"))
    }

    class Meta:
        model = Payment
        fields = ["direction", "received_on", "amount", "method", "reference", "payer", "notes"]
        widgets = {"received_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


VAT_RATE_CHOICES = [("21", "21 %"), ("12", "12 %"), ("6", "6 %"), ("0", "0 %")]
SUPPLY_CHOICES = [("service", _("Service")), ("goods", _("Goods"))]


class LineForm(forms.Form):
    """A line typed in the editor: a product by SKU or name, or a free line with a description and a price."""

    product = forms.CharField(label=_("SKU or product name"), required=False, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    quantity = AmountField(label=_("Quantity"), max_digits=12, decimal_places=3, initial=1)
    unit_price = AmountField(label=_("Unit price"), max_digits=14, decimal_places=2, required=False,
                             help_text=_("Empty: the customer's price from the catalog."))  # fmt: skip
    discount_percent = AmountField(label=_("Discount (%)"), max_digits=5, decimal_places=2, required=False,
                                   validators=PERCENT)  # fmt: skip
    vat_rate = forms.ChoiceField(label=_("VAT"), choices=VAT_RATE_CHOICES, initial="21", required=False)
    # What a free line sells, for the VAT of customers abroad (a product line: the product says it).
    supply = forms.ChoiceField(label=_("Kind"), choices=SUPPLY_CHOICES, initial="service", required=False)
    specifications = forms.CharField(label=_("Specifications"), required=False, max_length=500)

    @property
    def is_service(self) -> bool | None:
        supply = self.cleaned_data.get("supply")
        return None if not supply else supply == "service"

    def clean(self):
        data = super().clean()
        if not data.get("product", "").strip() and not data.get("description", "").strip():
            raise forms.ValidationError(_("Type a SKU or product name, or describe a free line."))
        return data


class DiscountForm(forms.Form):
    discount_percent = AmountField(label=_("Discount on the whole document (%)"), max_digits=5, decimal_places=2,
                                   required=False, validators=PERCENT)  # fmt: skip


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                              required=False)  # fmt: skip


class AnswerForm(forms.Form):
    """The customer answered by phone or e-mail."""

    accepted = forms.TypedChoiceField(
        label=_("Answer"), choices=[("1", _("Accepted")), ("0", _("Declined"))], coerce=lambda value: value == "1"
    )
    name = forms.CharField(label=_("Accepted by"), required=False, max_length=200)
    customer_reference = forms.CharField(label=_("Customer's reference (PO)"), required=False, max_length=100)
    reason = forms.CharField(label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QuantitiesForm(forms.Form):
    """One quantity field per line (`line-<id>`): what leaves in a delivery, or arrives from a supplier."""

    def __init__(self, *args, lines, initial_of, label_of, maximum_of, **kwargs):
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"line-{line.pk}"] = AmountField(
                label=label_of(line), max_digits=12, decimal_places=3, required=False, min_value=0,
                max_value=maximum_of(line), initial=initial_of(line), localize=True,
            )  # fmt: skip

    def quantities(self) -> dict[int, object]:
        return {int(name.split("-")[1]): value for name, value in self.cleaned_data.items() if name.startswith("line-")
                and value}  # fmt: skip


class DeliveryNotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes for the customer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SupplierOrderForm(PlausibleDates, forms.Form):
    expected_on = forms.DateField(label=_("Expected on"), widget=DateInput(), required=False,
                                  help_text=_("Empty: today plus the longest supplier lead time."))  # fmt: skip
    notes = forms.CharField(label=_("Notes for the supplier"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BankStatementUploadForm(forms.Form):
    MAX_SIZE_MB = 20

    file = forms.FileField(
        label=_("Statement file"),
        help_text=_("CODA (.cod, .txt) or camt.053 (.xml), as your bank exports it; at most 20 MB."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.MAX_SIZE_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: export a shorter period from your bank.")
                % {"size": self.MAX_SIZE_MB}
            )
        return file


class CompanyBankAccountForm(forms.ModelForm):
    class Meta:
        model = CompanyBankAccount
        fields = ["iban", "bic", "currency", "name"]

    def clean_iban(self):
        return self.cleaned_data["iban"].replace(" ", "").upper()

    def clean_bic(self):
        return self.cleaned_data["bic"].replace(" ", "").upper()

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise forms.ValidationError(_("Three letters: EUR, USD, CHF..."))
        return currency


class BankLineMatchForm(forms.Form):
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=30, required=False)


class _SmallFields(BootstrapControls):
    control_size = "sm"


class _SmallFieldsForm(_SmallFields, forms.Form):
    pass


class PaymentPromiseForm(PlausibleDates, _SmallFieldsForm):
    promised_for = forms.DateField(label=_("Promised for"), widget=DateInput())
    # A date in the past is the service's to refuse, with its own words.
    date_ranges = {"promised_for": DateRange(366, PaymentPromise.HORIZON_DAYS, PaymentPromise.HORIZON_REASON)}
    amount = AmountField(label=_("Amount"), min_value=Decimal("0.01"), decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class HandOverForm(_SmallFieldsForm):
    to = forms.ChoiceField(label=_("Hand over to"), choices=HandOver.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DisputeForm(forms.Form):
    note = forms.CharField(label=_("What the customer disputes"), max_length=300)


class ReminderLevelForm(_SmallFields, forms.ModelForm):
    class Meta:
        model = ReminderLevel
        fields = [
            "rank", "name", "days_after_due", "channel", "charge_interest", "charge_compensation", "formal_notice",
            "hand_over_to", "active", "subject_nl", "text_nl", "subject_fr", "text_fr", "subject_en", "text_en",
        ]  # fmt: skip
        widgets = {f"text_{code}": forms.Textarea(attrs={"rows": 3}) for code in ("nl", "fr", "en")}


class LatePaymentRateForm(PlausibleDates, _SmallFields, forms.ModelForm):
    date_ranges = {
        "valid_from": DateRange(
            10000, 3653, _("the law on late payments dates from 2002 and rates are known at most ten years ahead")
        )
    }

    percent = AmountField(
        label=_("Rate (% per year)"), decimal_places=2, min_value=Decimal("0"), max_value=Decimal("99")
    )

    class Meta:
        model = LatePaymentRate
        fields = ["valid_from", "percent"]
        widgets = {"valid_from": DateInput()}


ReminderLevelFormSet = forms.modelformset_factory(ReminderLevel, form=ReminderLevelForm, extra=1, can_delete=False)
LatePaymentRateFormSet = forms.modelformset_factory(LatePaymentRate, form=LatePaymentRateForm, extra=1, can_delete=True)


# --- the price check on the phone -----------------------------------------------------------------------------------

MAX_QUANTITY = Decimal("999999999")  # what a quantity column holds


class PriceCheckForm(forms.Form):
    """A product (SKU or name) and a quantity, priced for a customer (or for anyone: the list price)."""

    customer = CompanyChoiceField(
        label=_("Customer"),
        required=False,
        widget=CompanyPickerWidget(
            attrs={"class": "form-control form-control-sm", "placeholder": _("Any customer (list price)")}
        ),
    )
    product = forms.CharField(label=_("SKU or product name"), max_length=200)
    quantity = AmountField(label=_("Quantity"), max_digits=12, decimal_places=3, initial=1,
                           min_value=Decimal("0.001"), max_value=MAX_QUANTITY)  # fmt: skip


class QuoteLineAddForm(forms.Form):
    """One click from the price check: this quantity of this product on a new quote or on a draft of the customer."""

    customer = ModelIdField(queryset=Company.objects.all(), widget=forms.HiddenInput)
    product = ModelIdField(queryset=Product.objects.filter(is_active=True), widget=forms.HiddenInput)
    quantity = AmountField(max_digits=12, decimal_places=3, min_value=Decimal("0.001"), max_value=MAX_QUANTITY,
                           widget=forms.HiddenInput)  # fmt: skip
    quote = forms.CharField(required=False, max_length=20)  # "new", or the id of one of the customer's drafts


class ProductCustomerForm(forms.Form):
    """The product page's "price for customer": a type-ahead, empty for any customer (the list price)."""

    customer = CompanyChoiceField(
        label=_("Price for customer"),
        required=False,
        widget=CompanyPickerWidget(
            attrs={"class": "form-control form-control-sm", "placeholder": _("Any customer (list price)")}
        ),
    )


# A month as people type it: 2026-01, 2026/1, 202601, 01/2026, 1-2026, 01.2026 (what <input type="month"> sends
# is the first).
_MONTH_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/. ]?\s*(\d{1,2})")
_MONTH_YEAR_LAST = re.compile(r"(\d{1,2})\s*[-/. ]\s*(\d{4})")


class InvoiceExportForm(BootstrapControls, forms.Form):
    period = forms.CharField(
        label=_("Month"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-01", "autocomplete": "off"}),
    )

    def clean_period(self):
        text = self.cleaned_data["period"].replace("\x00", "").strip()
        if match := _MONTH_YEAR_FIRST.fullmatch(text):
            year, month = int(match[1]), int(match[2])
        elif match := _MONTH_YEAR_LAST.fullmatch(text):
            year, month = int(match[2]), int(match[1])
        else:
            year = month = 0
        if not (2000 <= year <= 2199 and 1 <= month <= 12):
            raise forms.ValidationError(
                _("Give the month as year and month, for example 2026-01 (or 01/2026), not “%(value)s”."),
                params={"value": text[:20]},
            )
        return datetime.date(year, month, 1)
