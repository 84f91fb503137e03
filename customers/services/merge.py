"""Folding a duplicate company file into the one that stays."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Company, CreditRequest
from orderdesk.exceptions import DomainError, PermissionDeniedError
from orderdesk.models import User
from orderdesk.permissions import MERGE_CUSTOMERS


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDeniedError(_("Your role does not allow this."))


def _check_mergeable(source: Company, target: Company) -> None:
    for field in ("vat_number", "enterprise_number"):
        theirs, ours = getattr(source, field), getattr(target, field)
        if theirs and ours and theirs != ours:
            raise ValidationError(
                _(
                    "%(source)s and %(target)s have different %(field)s (%(theirs)s and %(ours)s): they are two "
                    "companies, not a duplicate. Their documents cannot be put in one file."
                )
                % {"source": source.name, "target": target.name, "field": Company._meta.get_field(field).verbose_name,
                   "theirs": theirs, "ours": ours}
            )  # fmt: skip
    open_requests = CreditRequest.objects.filter(company__in=[source, target], status=CreditRequest.Status.REQUESTED)
    if open_requests.count() > 1:
        raise ValidationError(
            _("Both files wait for a decision on a credit-line request; decide one of them first, then merge.")
        )


@transaction.atomic
def company_merge(*, source: Company, target: Company, actor: User) -> Company:
    """Fold a duplicate into the file that stays: everything that points at it moves over (contacts, interactions,
    tasks, addresses, credit requests, and the price requests, quotes, orders, draft invoices, payments and
    complaints of the apps above), tags are added, blank fields are filled from it; then the duplicate is deleted.
    Refused, with the reason, when a document may not move (an issued invoice keeps its customer), when the two
    are not the same company (two different VAT or enterprise numbers) or both wait for a credit-line decision."""
    _require(actor, MERGE_CUSTOMERS)
    if source.pk == target.pk:
        raise ValidationError(_("A company cannot be merged with itself."))
    # Lock both rows in pk order, as every multi-row action does, so two merges cannot deadlock.
    locked = {c.pk: c for c in Company.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    _check_mergeable(source, target)
    # Every relation to a company, the upper apps' documents included, found through the model (so a new document
    # type follows without this module knowing it). A document that may not move (an issued invoice stays with the
    # customer it was issued to) refuses, and the whole merge with it.
    for relation in Company._meta.related_objects:
        if relation.one_to_many:
            field = relation.field.name
            try:
                relation.related_model._default_manager.filter(**{field: source}).update(**{field: target})
            except DomainError:
                raise ValidationError(
                    _(
                        "%(name)s has issued documents (invoices, credit notes), and they stay in the file of the "
                        "customer they were issued to. When only one of the two files has issued documents, keep "
                        "that one and fold the other into it."
                    )
                    % {"name": source.name}
                ) from None
    target.tags.add(*source.tags.all())
    for field in ("legal_form", "enterprise_number", "vat_number", "street", "postal_code", "city", "phone",
                  "email", "invoice_email", "website", "peppol_id", "source", "source_detail"):  # fmt: skip
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    if source.is_customer and not target.is_customer:
        target.kind, target.became_customer_at = Company.Kind.CUSTOMER, source.became_customer_at
    note = _("Merged with %(name)s on %(date)s by %(user)s.") % {
        "name": source.name,
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "user": actor,
    }
    target.notes = "\n\n".join(part for part in (target.notes, source.notes, note) if part)
    source.delete()
    target.save()
    return target
