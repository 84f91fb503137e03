from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from orderdesk.identifiers import format_enterprise_number
from orderdesk.money import MoneyField


class VatRegime(models.TextChoices):
    BELGIAN = "be", _("Belgian company")
    INTRA_EU = "eu", _("EU company (intra-community, reverse charge)")
    NON_EU = "export", _("Outside the EU (export)")
    # Works on immovable property for a registered contractor: the customer pays the VAT (art. 51 §2).
    REVERSE_CHARGE = "be_rc", _("Belgian contractor (reverse charge, art. 51 §2)")
    PRIVATE = "private", _("Private person")


class CreditStatus(models.TextChoices):
    OK = "ok", _("OK")
    ON_HOLD = "on_hold", _("On hold")
    BLOCKED = "blocked", _("Blocked")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Company(models.Model):
    """A customer or a prospect: the file an assistant works from."""

    class Kind(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        CUSTOMER = "customer", _("Customer")

    class Source(models.TextChoices):
        EVENT = "event", _("Event or fair")
        WEBSITE = "website", _("Website")
        REFERRAL = "referral", _("Referral")
        PHONE = "phone", _("Phone call")
        MAILING = "mailing", _("Mailing")
        EXISTING = "existing", _("Existing relation")
        OTHER = "other", _("Other")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PROSPECT)
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=50, blank=True)
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, blank=True, help_text=_("Belgian companies: 0123.456.789")
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, help_text=_("With country code: BE0123456789")
    )
    vat_regime = models.CharField(_("VAT regime"), max_length=10, choices=VatRegime.choices, default=VatRegime.BELGIAN)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("Every document and e-mail to this company is in this language."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), default="BE")
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    invoice_email = models.EmailField(_("invoice e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    peppol_id = models.CharField(
        _("Peppol participant id"),
        max_length=60,
        blank=True,
        help_text=_(
            "Scheme (Peppol EAS code) and identifier, e.g. 0208:0403170701 (Belgian enterprise number), "
            "9925:BE0403170701 (VAT number), 0088:5410000000002 (GLN). Empty: the enterprise number."
        ),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), default=30, help_text=_("At most 60 days between companies.")
    )
    price_list = models.ForeignKey(
        "sales.PriceList", verbose_name=_("price list"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="companies", help_text=_("Agreed prices: a list shared by a group of customers, or its own."),
    )  # fmt: skip
    credit_limit = MoneyField(_("credit limit"), default=0, help_text=_("0 means no credit limit has been granted."))
    credit_status = models.CharField(
        _("credit status"), max_length=10, choices=CreditStatus.choices, default=CreditStatus.OK
    )
    credit_status_reason = models.CharField(_("reason for the credit status"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_companies",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, blank=True)
    source_detail = models.CharField(
        _("source detail"), max_length=200, blank=True, help_text=_("Which event, who referred them, ...")
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="companies")
    notes = models.TextField(_("notes"), blank=True)
    vies_checked_at = models.DateTimeField(_("VIES checked at"), null=True, blank=True)
    vies_valid = models.BooleanField(_("VIES says valid"), null=True, blank=True)
    vies_name = models.CharField(_("name in VIES"), max_length=200, blank=True)
    became_customer_at = models.DateTimeField(_("customer since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        permissions = [
            ("merge_company", _("Can merge two companies")),
            ("set_credit_status", _("Can put a company's credit on hold or block it")),
        ]
        # The duplicate check in the services explains; these constraints are the safety net under it.
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~models.Q(enterprise_number=""),
                name="company_enterprise_number_once",
            ),
            models.UniqueConstraint(
                fields=["vat_number"], condition=~models.Q(vat_number=""), name="company_vat_number_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.legal_form}".strip()

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number)

    @property
    def is_customer(self) -> bool:
        return self.kind == self.Kind.CUSTOMER

    @property
    def effective_peppol_id(self) -> str:
        if self.peppol_id:
            return self.peppol_id
        return f"0208:{self.enterprise_number}" if self.enterprise_number else ""


class DeliveryAddress(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="delivery_addresses")
    label = models.CharField(_("label"), max_length=100, help_text=_("For example: warehouse Genk"))
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="BE")
    instructions = models.CharField(_("delivery instructions"), max_length=300, blank=True)
    is_default = models.BooleanField(_("default delivery address"), default=False)

    class Meta:
        ordering = ["-is_default", "label", "pk"]
        verbose_name = _("delivery address")
        verbose_name_plural = _("delivery addresses")

    def __str__(self):
        return f"{self.label}: {self.street}, {self.postal_code} {self.city}"
