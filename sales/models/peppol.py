"""Peppol delivery: what the access point told us about a transmission, who is reachable, which webhook calls
were handled. Texts are codes and parameters, rendered in the reader's language (`sales.selectors.peppol`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sales.states import PeppolReach

from .invoices import PeppolTransmission


class PeppolEvent(models.Model):
    """One step of a transmission's timeline: queued, sent, delivered, failed, the customer's response."""

    transmission = models.ForeignKey(PeppolTransmission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    code = models.CharField(_("event"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The access point's id of the event: the same event told twice (poll and webhook, a replay) is kept once.
    provider_event_id = models.CharField(_("access point's event id"), max_length=100, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("Peppol event")
        verbose_name_plural = _("Peppol events")
        constraints = [
            models.UniqueConstraint(fields=["transmission", "provider_event_id"],
                                    condition=~models.Q(provider_event_id=""), name="sales_peppol_event_once"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.transmission_id} {self.code} {self.at:%Y-%m-%d %H:%M}"


class PeppolParticipant(models.Model):
    """The last lookup of a Peppol id on the network, kept until settings.PEPPOL_LOOKUP_HOURS have passed."""

    peppol_id = models.CharField(_("Peppol id"), max_length=60, unique=True)
    reach = models.CharField(_("reachable"), max_length=12, choices=PeppolReach.choices, default=PeppolReach.UNKNOWN)
    name = models.CharField(_("name on the network"), max_length=200, blank=True)
    error = models.TextField(_("access point's message"), blank=True)  # verbatim, shown as the reason of "unknown"
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("Peppol participant")
        verbose_name_plural = _("Peppol participants")

    def __str__(self):
        return f"{self.peppol_id}: {self.reach}"


class PeppolWebhookCall(models.Model):
    """A webhook event already handled: the provider retries and replays, we act once."""

    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    event_type = models.CharField(_("event type"), max_length=60, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Peppol webhook call")
        verbose_name_plural = _("Peppol webhook calls")

    def __str__(self):
        return self.event_id
