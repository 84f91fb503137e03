"""The outbox: e-mails are rows written in the business transaction and delivered after commit, once.

Delivery protocol (see `outbox_message_send`):
1. claim: lock the row; skip it if it is sent, or if another worker's claim is still fresh;
   otherwise mark it `sending` with a timestamp and commit the claim;
2. deliver through Django's e-mail backend with a stable Message-ID;
3. mark it `sent` (or back to `queued` with the error, for a retry).
A worker that dies between 1 and 3 leaves a stale claim; `outbox_requeue_stale` (beat) hands the
message to another worker once the lease has passed. A task delivered twice finds the row sent or
claimed and does nothing.
"""

import logging
import mimetypes
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from orderdesk.models import OutboxAttachment, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

# Stands in the mail composer for the customer's personal link, which is made (written) only when the mail leaves,
# never by showing the composer: kept in an edited text, it becomes the link then; deleted, the mail leaves without.
PERSONAL_LINK = "[personal-link]"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str = ""


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template (a mail's subject or body) rendered as text: nothing is HTML-escaped, so the customer
    reads "Janssens & Zonen", not "Janssens &amp; Zonen". Every mail text is rendered through here."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


@dataclass(frozen=True)
class MailComposition:
    """What the user wrote in the mail composer before a document mail leaves. A field left None keeps the
    default the service renders (with the document's final number and dates)."""

    to: list[str] | None = None
    cc: list[str] | None = None
    subject: str | None = None
    body: str | None = None
    number_shown: str = ""  # the document's number as the composer showed it (provisional before issue)

    def renumbered(self, provisional: str, final: str) -> "MailComposition":
        """The composer showed the number the document would provisionally get; an issue in between gave it
        another: the text the user kept says the final one."""
        if not provisional or provisional == final:
            return self
        return MailComposition(
            to=self.to,
            cc=self.cc,
            subject=self.subject.replace(provisional, final) if self.subject is not None else None,
            body=self.body.replace(provisional, final) if self.body is not None else None,
            number_shown=final,
        )


def mail_addresses_parse(text: str) -> list[str]:
    """Addresses typed by a person (separated by commas, semicolons, spaces or lines), each checked; a wrong one
    raises a ValidationError that names it."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.utils.translation import gettext as _

    addresses = [part for part in re.split(r"[\s,;]+", text or "") if part]
    wrong = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            wrong.append(address)
    if wrong:
        raise ValidationError(_("Not a valid e-mail address: %(addresses)s.") % {"addresses": ", ".join(wrong)})
    return list(dict.fromkeys(addresses))  # each once, in the order typed


@transaction.atomic
def mail_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    language: str = "nl",
    cc: list[str] | None = None,
    reply_to: str = "",
    attachments: list[Attachment] = (),
    related: models.Model | None = None,
    actor=None,
    audience: str = OutboxMessage.Audience.DOCUMENTS,
) -> OutboxMessage:
    """Write the message in the current transaction; it is handed to a worker only if that commits. `audience`:
    who may read it in the outbox (see `outbox_visible_to`). The subject is one line (a line break in a header
    would make the message undeliverable)."""
    subject = " ".join(subject.split())
    message = OutboxMessage.objects.create(
        audience=audience,
        to=list(to),
        cc=list(cc or []),
        reply_to=reply_to,
        subject=subject,
        body=body,
        language=language,
        created_by=actor if getattr(actor, "pk", None) else None,
        content_type=ContentType.objects.get_for_model(related) if related is not None else None,
        object_id=related.pk if related is not None else None,
    )
    for attachment in attachments:
        content_type = attachment.content_type or mimetypes.guess_type(attachment.filename)[0]
        OutboxAttachment.objects.create(
            message=message,
            filename=attachment.filename,
            content_type=content_type or "application/octet-stream",
            file=ContentFile(attachment.content, name=attachment.filename),
            size=len(attachment.content),
        )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from orderdesk.tasks import outbox_message_send_task

    try:
        outbox_message_send_task.delay(message_id)
    except Exception:  # broker down: the row is safe; the sweeper sends it later
        logger.exception("Could not hand outbox message %s to the broker; the sweeper will retry.", message_id)


def _claim(message_id: int) -> OutboxMessage | None:
    lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE)
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state in (OutboxMessage.State.SENT, OutboxMessage.State.FAILED):
            return None
        now = timezone.now()
        if message.state == OutboxMessage.State.SENDING and message.claimed_at and now - message.claimed_at < lease:
            return None  # another worker holds it
        message.state = OutboxMessage.State.SENDING
        message.claimed_at = now
        message.attempts += 1
        message.save(update_fields=["state", "claimed_at", "attempts"])
        return message


def _build_email(message: OutboxMessage, connection) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        cc=message.cc,
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": message.message_id},
        connection=connection,
    )
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.filename, handle.read(), attachment.content_type)
    return email


def outbox_message_send(*, message_id: int) -> bool:
    """Deliver one message if nobody else has or is doing it. True when this call delivered it."""
    message = _claim(message_id)
    if message is None:
        return False
    try:
        connection = get_connection(fail_silently=False)
        _build_email(message, connection).send()
    except Exception as error:
        failed = message.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=OutboxMessage.State.FAILED if failed else OutboxMessage.State.QUEUED,
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now(), claimed_at=None, last_error=""
    )
    return True


def outbox_requeue_stale() -> list[int]:
    """Hand out again what a dead worker or a lost broker message left behind. Returns the ids queued."""
    now = timezone.now()
    lease_over = now - timedelta(seconds=settings.OUTBOX_SENDING_LEASE)
    # A queued message normally leaves within seconds; one older than a minute lost its task.
    stale = OutboxMessage.objects.filter(
        models.Q(state=OutboxMessage.State.SENDING, claimed_at__lt=lease_over)
        | models.Q(state=OutboxMessage.State.QUEUED, created_at__lt=now - timedelta(minutes=1))
    ).values_list("pk", flat=True)
    ids = list(stale[:500])
    for message_id in ids:
        _enqueue(message_id)
    return ids


@transaction.atomic
def outbox_message_retry(*, message: OutboxMessage) -> OutboxMessage:
    """A user sends a failed message again."""
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.state == OutboxMessage.State.FAILED:
        locked.state = OutboxMessage.State.QUEUED
        locked.attempts = 0
        locked.save(update_fields=["state", "attempts"])
        transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked
