from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orderdesk.money import MoneyField

from .company import Company


class CreditRequest(models.Model):
    """An assistant asks for a higher credit limit; a manager decides. The decision stays on the file."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="credit_requests"
    )
    current_limit = MoneyField(_("limit at the time of the request"))
    requested_limit = MoneyField(_("requested limit"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"], condition=models.Q(status="requested"), name="one_open_credit_request_per_company"
            )
        ]
        permissions = [("decide_creditrequest", _("Can approve or refuse a credit-line request"))]
        verbose_name = _("credit-line request")
        verbose_name_plural = _("credit-line requests")

    def __str__(self):
        return f"{self.company}: {self.requested_limit}"
