from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceApproval(models.Model):
    """The price authority of an order or a draft invoice: lines beyond the user's discount limit or under the
    minimum margin wait for a manager before the document is confirmed or issued (see sales.services.approvals).

    `approved_problems` holds the prices already covered: by the quote the order came from, by the order an
    invoice bills, by a complaint's free replacement, or by a manager's approval. A price changed afterwards is
    not covered and asks again."""

    approval_pending = models.BooleanField(_("awaiting a manager's approval"), default=False)
    approval_problems = models.JSONField(default=list, blank=True)  # what waits, as data (sales.services.discounts)
    approved_problems = models.JSONField(default=list, blank=True)  # what is covered, as data
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approval asked by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    approval_comment = models.TextField(_("manager's comment"), blank=True)
    self_approved = models.BooleanField(_("approved by the one who asked"), default=False)

    class Meta:
        abstract = True
