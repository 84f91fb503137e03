from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from orderdesk.identifiers import (
    compact_enterprise_number,
    format_enterprise_number,
    format_iban,
    validate_bic,
    validate_enterprise_number,
    validate_iban,
)
from orderdesk.money import MoneyField
from orderdesk.uploads import RandomName, validate_image_upload


class CompanySettings(models.Model):
    """Our own company, as it appears on every document. One row (pk=1)."""

    name = models.CharField(_("company name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=50, blank=True, help_text=_("For example BV, NV, SRL."))
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="BE")
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=20, validators=[validate_enterprise_number], help_text=_("0123.456.789")
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, help_text=_("BE0123456789; without the prefix, BE is added.")
    )
    register_court = models.CharField(
        _("RPR/RPM court"), max_length=100, blank=True, help_text=_("The register of legal entities, e.g. RPR Gent.")
    )
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=RandomName("company"), blank=True, validators=[validate_image_upload])
    upload_extra_types = models.CharField(
        _("other file types allowed for uploads"), max_length=200, blank=True,
        help_text=_("Extensions separated by commas, e.g. docx, xlsx. PDF files and images are always accepted; "
                    "web pages and scripts never."),
    )  # fmt: skip
    default_payment_days = models.PositiveSmallIntegerField(
        _("default payment term (days)"),
        default=30,
        help_text=_("Belgian law: 30 days by default, 60 at most for B2B."),
    )
    late_payment_charges = models.BooleanField(
        _("our conditions provide late-payment interest and compensation"), default=True,
        help_text=_("Reminders claim them only when this is on (and the reminder level asks for them)."),
    )  # fmt: skip
    reminders_auto_send = models.BooleanField(
        _("send reminder runs automatically"), default=False,
        help_text=_("Off: the daily run waits for someone to review and send it."),
    )  # fmt: skip
    complaint_credit_limit = MoneyField(
        _("credit an assistant may give on a complaint (excl. VAT)"), default=250,
        help_text=_("Above it the complaint goes to a manager."),
    )  # fmt: skip
    self_approval_allowed = models.BooleanField(
        _("a manager may approve their own discounts and credits"), default=False,
        help_text=_("Only for a company with a single manager. Off: another manager approves (four eyes); on: the "
                    "approval is recorded as self-approved."),
    )  # fmt: skip
    terms_nl = models.TextField(_("general conditions (Dutch)"), blank=True)
    terms_fr = models.TextField(_("general conditions (French)"), blank=True)
    terms_en = models.TextField(_("general conditions (English)"), blank=True)

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")

    def __str__(self):
        return self.name

    def clean(self):
        self.enterprise_number = compact_enterprise_number(self.enterprise_number)
        self.iban = self.iban.replace(" ", "").upper()
        if self.default_payment_days > 60:
            raise ValidationError({"default_payment_days": _("A B2B payment term may not exceed 60 days.")})

    @classmethod
    def load(cls) -> "CompanySettings":
        """The single row; an empty, unsaved one until a manager fills it in."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def terms_for(self, language: str) -> str:
        return getattr(self, f"terms_{language}", "") or self.terms_nl

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number)

    @property
    def iban_display(self) -> str:
        return format_iban(self.iban)
