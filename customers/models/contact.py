from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .company import Company


class Contact(models.Model):
    """A person at a company. Anonymised contacts keep their place in history but lose their personal data."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        MOBILE = "mobile", _("Mobile phone")
        LETTER = "letter", _("Letter")

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("still works there"), default=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactRole(models.Model):
    """What a contact does for us; a contact can hold several roles."""

    class Role(models.TextChoices):
        DECISION_MAKER = "decision_maker", _("Purchasing decision maker")
        BUYER = "buyer", _("Buyer")
        ACCOUNTING = "accounting", _("Accounting")
        TECHNICAL = "technical", _("Technical")
        MANAGEMENT = "management", _("Management")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["contact", "role"], name="contact_role_once")]
        verbose_name = _("contact role")
        verbose_name_plural = _("contact roles")

    def __str__(self):
        return self.get_role_display()
