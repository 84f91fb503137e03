"""The list of root causes changes through its service: the permission checked there, who changed what audited."""

import pytest
from auditlog.models import LogEntry

from complaints.forms import RootCauseFormSet
from complaints.models import RootCause
from complaints.services import root_causes_save
from orderdesk.exceptions import PermissionDeniedError
from tests.sales.test_settings_services import as_posted


def _root_causes(*, rename: tuple[str, str] | None = None, add: str = ""):
    formset = RootCauseFormSet(queryset=RootCause.objects.order_by("name_nl"))
    data = as_posted(formset)
    if rename is not None:
        index = next(i for i, form in enumerate(formset.initial_forms) if form.instance.name_en == rename[0])
        data[f"form-{index}-name_en"] = rename[1]
    if add:
        extra = formset.initial_form_count()
        data.update({f"form-{extra}-name_nl": add, f"form-{extra}-name_fr": add, f"form-{extra}-name_en": add,
                     f"form-{extra}-active": "on"})  # fmt: skip
    bound = RootCauseFormSet(data, queryset=RootCause.objects.order_by("name_nl"))
    assert bound.is_valid(), bound.errors
    return bound


def test_the_root_causes_are_saved_with_who_changed_what(manager):
    renamed = RootCause.objects.get(name_en="Other")

    root_causes_save(formset=_root_causes(rename=("Other", "Something else"), add="Packaging"), actor=manager)

    [change] = LogEntry.objects.get_for_object(renamed)
    assert change.actor == manager and change.changes_dict["name_en"] == ["Other", "Something else"]
    [creation] = LogEntry.objects.get_for_object(RootCause.objects.get(name_en="Packaging"))
    assert creation.actor == manager and creation.action == LogEntry.Action.CREATE


def test_the_root_cause_service_refuses_who_may_not_keep_the_list(assistant):
    with pytest.raises(PermissionDeniedError):
        root_causes_save(formset=_root_causes(add="Packaging"), actor=assistant)

    assert not RootCause.objects.filter(name_en="Packaging").exists()
    assert not LogEntry.objects.filter(content_type__model="rootcause").exists()
