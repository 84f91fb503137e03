"""Reads for the customer screens: lists, the customer file, search and the desk queues."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from stdnum.be import vat as stdnum_be_vat
from stdnum.eu import vat as stdnum_eu_vat

from customers.models import (
    Company,
    Contact,
    ContactRole,
    CreditRequest,
    CreditStatus,
    FollowUpTask,
    Interaction,
    Tag,
    VatRegime,
)
from orderdesk.identifiers import peppol_endpoint, peppol_id_error
from orderdesk.models import User
from orderdesk.permissions import ASSISTANT, MANAGER


def _search_filter(query: str) -> Q:
    """Name, identifiers, city, and the names, e-mails and phones of the contacts."""
    compact = "".join(ch for ch in query if ch.isalnum())
    condition = (
        Q(name__icontains=query)
        | Q(city__icontains=query)
        | Q(email__icontains=query)
        | Q(invoice_email__icontains=query)
        | Q(phone__icontains=query)
    )
    if len(compact) >= 4:
        condition |= Q(enterprise_number__icontains=compact) | Q(vat_number__icontains=compact.upper())
    contacts = Contact.objects.filter(_contact_match(query), company=OuterRef("pk"))
    return condition | Q(Exists(contacts))


def _contact_match(query: str) -> Q:
    """A contact's names, e-mail or phones; "sofie wouters" also as first and last name."""
    match = (
        Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(email__icontains=query)
        | Q(phone__icontains=query)
        | Q(mobile__icontains=query)
    )
    parts = query.split()
    if len(parts) >= 2:
        match |= Q(first_name__icontains=parts[0], last_name__icontains=" ".join(parts[1:]))
    return match


def assistants() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name__in=[ASSISTANT, MANAGER]).distinct().order_by("first_name")


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Company.Kind.choices, empty_label=_("Customers and prospects")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Account owner"), queryset=lambda request: assistants(), empty_label=_("Any owner")
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", queryset=Tag.objects.all(), empty_label=_("Any tag")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Company._meta.get_field("language").choices, empty_label=_("Any language")
    )
    credit_status = django_filters.ChoiceFilter(
        label=_("Credit status"), choices=CreditStatus.choices, empty_label=_("Any credit status")
    )
    city = django_filters.CharFilter(label=_("City"), field_name="city", lookup_expr="icontains")
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("name", "name"), ("city", "city"), ("created_at", "created"), ("updated_at", "updated")),
        field_labels={"name": _("Name"), "city": _("City"), "created": _("Created"), "updated": _("Last change")},
        empty_label=_("Default order"),
    )

    class Meta:
        model = Company
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = hasattr(field, "choices")
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(_search_filter(value)) if value else queryset


def company_list(*, params) -> CompanyFilter:
    """The filtered company list; the queryset carries what each row shows without extra queries."""
    queryset = (
        Company.objects.select_related("owner")
        .prefetch_related("tags")
        .annotate(contact_count=Count("contacts", distinct=True))
        .order_by("name", "pk")
    )
    return CompanyFilter(params, queryset=queryset)


@dataclass
class CompanyFile:
    company: Company
    contacts: list[Contact]
    decision_makers: list[Contact]
    interactions: list[Interaction]
    open_tasks: list[FollowUpTask]
    done_tasks: list[FollowUpTask]
    credit_requests: list[CreditRequest]
    open_credit_request: CreditRequest | None
    identifier_problems: list[str] = dataclass_field(default_factory=list)


def company_identifier_problems(company: Company, *, peppol_address: bool = True) -> list[str]:
    """What is wrong with the identifiers an invoice to this company carries, in words; empty when all is well.

    The services refuse wrong identifiers on input; this catches what was stored before they did (or imported by
    other means), so the file and the issue of an invoice say it instead of the Peppol network."""
    problems = []
    if company.country and str(company.country) not in countries:
        problems.append(
            gettext("The country %(country)s is not an ISO country code: choose the country.")
            % {"country": company.country}
        )
    if company.enterprise_number and not stdnum_be_vat.is_valid(company.enterprise_number):
        problems.append(
            gettext("The enterprise number %(number)s is not valid: correct it.")
            % {"number": company.enterprise_number}
        )
    if company.vat_number and not stdnum_eu_vat.is_valid(company.vat_number):
        problems.append(gettext("The VAT number %(number)s is not valid: correct it.") % {"number": company.vat_number})
    if company.peppol_id and peppol_id_error(company.peppol_id):
        problems.append(
            gettext("The Peppol id %(id)s is wrong: %(error)s Invoices cannot reach a wrong address: correct it.")
            % {"id": company.peppol_id, "error": peppol_id_error(company.peppol_id)}
        )
    if (
        peppol_address
        and company.vat_regime in {VatRegime.BELGIAN, VatRegime.REVERSE_CHARGE}
        and not peppol_endpoint(
            peppol_id=company.effective_peppol_id, vat_number=company.vat_number, country=company.country
        )
    ):
        problems.append(
            gettext(
                "Belgian companies receive their invoices over Peppol: enter the enterprise number or the Peppol id."
            )
        )
    return problems


INTERACTIONS_ON_FILE = 50


def company_file(*, company: Company) -> CompanyFile:
    """Everything the 360° page shows, in a fixed number of queries."""
    contacts = list(
        company.contacts.prefetch_related("roles").order_by("-is_active", "anonymised_at", "last_name", "first_name")
    )
    interactions = list(
        company.interactions.select_related("created_by")
        .prefetch_related("contacts", "internal_attendees")
        .order_by("-happened_at", "-pk")[:INTERACTIONS_ON_FILE]
    )
    tasks = list(company.tasks.select_related("assignee", "contact").order_by("due_date", "pk"))
    credit_requests = list(company.credit_requests.select_related("requested_by", "decided_by"))
    return CompanyFile(
        company=company,
        contacts=contacts,
        decision_makers=[
            c for c in contacts if any(r.role == ContactRole.Role.DECISION_MAKER for r in c.roles.all()) and c.is_active
        ],
        interactions=interactions,
        open_tasks=[task for task in tasks if task.done_at is None],
        done_tasks=[task for task in tasks if task.done_at is not None][-10:],
        credit_requests=credit_requests,
        open_credit_request=next((r for r in credit_requests if r.status == CreditRequest.Status.REQUESTED), None),
        identifier_problems=company_identifier_problems(company),
    )


def company_detail_queryset() -> QuerySet[Company]:
    return Company.objects.select_related("owner", "price_list").prefetch_related("tags", "delivery_addresses")


def companies_search(*, query: str, limit: int) -> list[Company]:
    return list(Company.objects.filter(_search_filter(query)).order_by("name")[:limit])


def companies_matching(*, queryset: QuerySet[Company], query: str, limit: int) -> QuerySet[Company]:
    """Of `queryset`, the companies a customer picker offers for what was typed: by name, VAT or enterprise number
    (and the rest of the global search's fields), an exact name first."""
    query = query.strip()
    if not query:
        return queryset.none()
    exact = Q(name__iexact=query)
    if queryset.filter(exact).count() == 1:  # "Bakkerij Peeters" when "Bakkerij Peeters-Wouters" exists too
        return queryset.filter(exact)
    return queryset.filter(_search_filter(query)).order_by("name")[:limit]


def contacts_search(*, query: str, limit: int) -> list[Contact]:
    return list(
        Contact.objects.filter(_contact_match(query), anonymised_at__isnull=True)
        .select_related("company")
        .order_by("last_name")[:limit]
    )


def tasks_open_for(*, user: User) -> QuerySet[FollowUpTask]:
    return (
        FollowUpTask.objects.filter(assignee=user, done_at__isnull=True)
        .select_related("company", "contact")
        .order_by("due_date", "pk")
    )


def task_counts_for(*, user: User) -> dict[str, int]:
    today = timezone.localdate()
    counts = FollowUpTask.objects.filter(assignee=user, done_at__isnull=True).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)), today=Count("pk", filter=Q(due_date=today))
    )
    return counts


def credit_requests_waiting() -> QuerySet[CreditRequest]:
    return CreditRequest.objects.filter(status=CreditRequest.Status.REQUESTED).select_related("company", "requested_by")


def contact_choices_for(company: Company) -> QuerySet[Contact]:
    return company.contacts.filter(anonymised_at__isnull=True).order_by("last_name", "first_name")
