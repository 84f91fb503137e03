from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """An e-mail we owe someone. Written in the business transaction, delivered after commit, exactly once."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Audience(models.TextChoices):
        """Who may read the message in the outbox."""

        DOCUMENTS = "documents", _("Everyone who may read its document")
        # A mail carrying a customer's signed link (accept or decline a quote): who may change the document.
        HANDLERS = "handlers", _("Who handles its document")
        MANAGERS = "managers", _("Managers")

    to = models.JSONField(_("recipients"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="nl")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The document or file the mail belongs to (a quote, an invoice, a reminder...).
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    audience = models.CharField(
        _("readable by"), max_length=12, choices=Audience.choices, default=Audience.DOCUMENTS, db_index=True
    )

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.subject

    @property
    def message_id(self) -> str:
        """Stable Message-ID, so a retried delivery is recognisable as the same message downstream."""
        return f"<outbox-{self.pk}@{settings.OUTBOX_MESSAGE_ID_DOMAIN}>"


class OutboxAttachment(models.Model):
    message = models.ForeignKey(OutboxMessage, related_name="attachments", on_delete=models.CASCADE)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    file = models.FileField(_("file"), upload_to="outbox/%Y/%m/")
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.filename
