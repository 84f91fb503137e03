import pytest

from orderdesk.exceptions import TransitionNotAllowed
from orderdesk.history import status_history, status_transition
from orderdesk.models import OutboxMessage

pytestmark = pytest.mark.django_db

# Any model with a status field will do to exercise the shared engine; the outbox has one.
ALLOWED = {"queued": {"sending"}, "sending": {"sent", "queued"}}


def make_message():
    return OutboxMessage.objects.create(to=["a@example.be"], subject="Hello", body="Hi")


def test_a_transition_changes_the_status_and_writes_who_when_why(assistant):
    message = make_message()
    status_transition(obj=message, to="sending", actor=assistant, allowed=ALLOWED, reason="test", field="state")

    message.refresh_from_db()
    assert message.state == "sending"
    (change,) = status_history(message)
    observed = (change.from_status, change.to_status, change.actor, change.reason)
    assert observed == ("queued", "sending", assistant, "test")
    assert change.changed_at is not None


def test_an_illegal_transition_is_refused_with_the_labels_and_changes_nothing(assistant):
    message = make_message()
    with pytest.raises(TransitionNotAllowed) as refused:
        status_transition(obj=message, to="sent", actor=assistant, allowed=ALLOWED, field="state")

    assert "“In wachtrij” naar “Verzonden”" in str(refused.value)  # the labels, in the user's language
    message.refresh_from_db()
    assert message.state == "queued"
    assert not status_history(message).exists()


def test_the_check_uses_the_status_in_the_database_not_a_stale_copy(assistant):
    message = make_message()
    stale_copy = OutboxMessage.objects.get(pk=message.pk)
    status_transition(obj=message, to="sending", actor=assistant, allowed=ALLOWED, field="state")
    status_transition(obj=message, to="sent", actor=assistant, allowed=ALLOWED, field="state")

    # The stale copy still says "queued"; moving it to "sending" again must be refused.
    with pytest.raises(TransitionNotAllowed):
        status_transition(obj=stale_copy, to="sending", actor=assistant, allowed=ALLOWED, field="state")
