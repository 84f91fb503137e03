"""Every page answers junk with a clear answer, never a 500, and a refused POST writes nothing.

Walks every URL pattern of the project (Django's own admin aside) and requests it as anonymous and as each role:
with ids that do not exist (and a 30-digit one) in the path, with the real ids of seeded rows, and with junk in every
query parameter and form field the project reads (non-numeric, negative, 30 digits, NaN, 1e400, an impossible date,
10,000 characters, unicode, NUL). Which names the views read is taken from the project itself: the fields of every
form and filter, the names views read by hand, the formsets' prefixes and the names that carry a row id.
"""

import inspect
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django_filters import FilterSet

from complaints.models import Complaint, SupplierClaim
from customers.models import Company, CompanyImport, Contact, CreditRequest, DeliveryAddress, FollowUpTask
from desk.demo import seed_demo
from orderdesk.models import OutboxMessage, User
from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER, ROLES
from sales.models import (
    BankLine,
    BankStatement,
    DeliveryLine,
    DeliveryNote,
    Invoice,
    Order,
    PriceList,
    PriceRequest,
    Product,
    Promotion,
    Quote,
    Reminder,
    ReminderRun,
    SupplierOrder,
)

pytestmark = pytest.mark.django_db

# The project's own apps (the libraries' forms aside).
APPS = tuple(
    config.name for config in apps.get_app_configs() if Path(config.path).is_relative_to(settings.BASE_DIR)
    and ".venv" not in Path(config.path).parts
)  # fmt: skip

JUNK = {
    "text": "abc",
    "negative": "-1",
    "30 digits": "9" * 30,
    "NaN": "NaN",
    "1e400": "1e400",
    "impossible date": "2026-13-45",
    "10,000 characters": "x" * 10_000,
    "unicode": "Zoë ✓ 𝄞 \u202e",
    "NUL": "a\x00b",
}
JUNK_IDS = ("0", "999999999", "9" * 30)

# What views read by hand (request.GET / request.POST), besides their forms and filters.
READ_BY_HAND = (
    "action", "answer", "claim", "company", "confirm", "contact", "customer", "customer_reference", "delivered_on",
    "delivery", "digest", "download", "expected_on", "format", "from", "invoice", "kind", "language", "name", "new",
    "next", "note", "old", "order", "overdue", "page", "product", "progress", "prospect_name", "q", "quantity",
    "question", "reason", "remove", "run", "source", "state", "step", "supplier", "then", "to",
)  # fmt: skip


def _formset_prefixes() -> dict[str, type[forms.BaseForm]]:
    from complaints.forms import RootCauseFormSet, SupplierClaimForm
    from sales.forms import DiscountAuthorityForm, LatePaymentRateFormSet, PriceListItemFormSet, ReminderLevelFormSet
    from sales.views.products import FORMSETS

    prefixes = {"items": PriceListItemFormSet.form, "levels": ReminderLevelFormSet.form,
                "rates": LatePaymentRateFormSet.form, "form": RootCauseFormSet.form}  # fmt: skip
    prefixes |= {name: formset.form for name, formset in FORMSETS.items()}
    prefixes |= dict.fromkeys(ROLES, DiscountAuthorityForm)
    prefixes |= {f"claim-{claim.pk}": SupplierClaimForm for claim in SupplierClaim.objects.all()[:1]}
    return prefixes


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _field_names() -> set[str]:
    """Every field of every form and filter of the project, and what views read by hand."""
    names = set(READ_BY_HAND)
    for form in _subclasses(forms.BaseForm):
        if form.__module__.split(".")[0] in APPS:
            names |= set(form.base_fields)
    for filterset in _subclasses(FilterSet):
        if filterset.__module__.split(".")[0] in APPS:
            names |= {name for flt in filterset.base_filters.values() for name in _filter_names(flt)}
    return names


def _filter_names(flt) -> list[str]:
    name = flt.field_name if not flt.method else None
    names = [getattr(flt, "param_name", None) or name]
    return [n for n in names if n]


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue  # Django's own admin: staff only, not a page of the desk
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern.callback


CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _url(route: str, values: dict[str, str]) -> str:
    return "/" + CONVERTER.sub(lambda m: quote(values[m["name"]], safe=""), route).lstrip("^").rstrip("$")


def _actions(view) -> list[str]:
    """The actions a `<slug:action>` view knows, read from its source."""
    cls = getattr(view, "view_class", None)
    if cls is None:
        return []
    source = inspect.getsource(cls)
    found = set(re.findall(r'action == "([\w-]+)"', source))
    for group in re.findall(r"action in \(([^)]*)\)", source):
        found |= set(re.findall(r'"([\w-]+)"', group))
    found |= set(getattr(cls, "FORMS", {}))
    found |= set(re.findall(r'"([\w-]+)": \w+Form\b', source))
    return sorted(found)


def _first(queryset):
    row = queryset.order_by("pk").first()
    return str(row.pk) if row else None


def _real_ids() -> dict[str, str | None]:
    """One real row per kind of id the routes take."""
    quote = Quote.objects.filter(lines__isnull=False).order_by("pk").first()
    order = Order.objects.filter(lines__isnull=False).order_by("pk").first()
    invoice = Invoice.objects.filter(lines__isnull=False).order_by("pk").first()
    message = OutboxMessage.objects.filter(attachments__isnull=False).order_by("pk").first()
    return {
        "company": _first(Company.objects.filter(invoices__isnull=False)),
        "contact": _first(Contact.objects),
        "address": _first(DeliveryAddress.objects),
        "task": _first(FollowUpTask.objects),
        "credit-request": _first(CreditRequest.objects),
        "company-import": _first(CompanyImport.objects),
        "outbox": str(message.pk) if message else _first(OutboxMessage.objects),
        "attachment": _first(message.attachments) if message else None,
        "product": _first(Product.objects),
        "price-list": _first(PriceList.objects),
        "promotion": _first(Promotion.objects),
        "price-request": _first(PriceRequest.objects),
        "quote": str(quote.pk) if quote else None,
        "quote-line": _first(quote.lines) if quote else None,
        "order": str(order.pk) if order else None,
        "order-line": _first(order.lines) if order else None,
        "delivery": _first(DeliveryNote.objects),
        "invoice": str(invoice.pk) if invoice else None,
        "invoice-line": _first(invoice.lines) if invoice else None,
        "bank-statement": _first(BankStatement.objects),
        "bank-line": _first(BankLine.objects),
        "reminder-run": _first(ReminderRun.objects),
        "reminder": _first(Reminder.objects),
        "supplier-order": _first(SupplierOrder.objects),
        "complaint": _first(Complaint.objects),
        "delivery-line": _first(DeliveryLine.objects),
    }


# The row a route's `pk` names, by the route's name; other kwargs by their own name.
PK_OF = {
    "orderdesk:outbox": "outbox", "customers:company": "company", "customers:address": "address",
    "customers:contact": "contact", "customers:task": "task", "customers:credit-request": "credit-request",
    "customers:company-import": "company-import", "sales:price-list": "price-list", "sales:price-export": "price-list",
    "sales:promotion": "promotion", "sales:product": "product", "sales:market-note": "product",
    "sales:price-request": "price-request", "sales:quote": "quote", "sales:order": "order",
    "sales:delivery": "order", "sales:invoice": "invoice", "sales:credit-note": "invoice",
    "sales:bank-statement": "bank-statement", "sales:bank-line": "bank-line", "sales:reminder-run": "reminder-run",
    "sales:reminder-pdf": "reminder", "sales:supplier-order": "supplier-order", "complaints:complaint": "complaint",
}  # fmt: skip
KWARG_OF = {"company_pk": "company", "company_id": "company", "attachment_pk": "attachment"}


def _pk_kind(name: str) -> str | None:
    if name in ("sales:delivery-detail", "sales:delivery-pdf"):
        return "delivery"
    for prefix in sorted(PK_OF, key=len, reverse=True):
        if name.startswith(prefix):
            return PK_OF[prefix]
    return None


def _real_kwargs(name: str, route: str, ids: dict) -> dict[str, str] | None:
    values = {}
    for match in CONVERTER.finditer(route):
        kwarg, converter = match["name"], match["converter"]
        if kwarg == "pk":
            kind = _pk_kind(name)
        elif kwarg == "line_pk":
            kind = f"{name.split(':')[1].split('-')[0]}-line"
        elif kwarg == "revision":
            values[kwarg] = "1"
            continue
        elif converter in ("str", "slug", None):
            values[kwarg] = {"language": "nl"}.get(kwarg, "x")
            continue
        else:
            kind = KWARG_OF.get(kwarg)
        if kind is None or ids.get(kind) is None:
            return None
        values[kwarg] = ids[kind]
    return values


def _id_params(ids: dict) -> dict[str, str]:
    """Real ids for the names that carry one, so the view gets past them to the rest of its fields (a list's page
    too: a junk page number answers 404 before the list's filters are read)."""
    invoice_line, order_line, delivery_line = ids["invoice-line"], ids["order-line"], ids["delivery-line"]
    return {
        "page": "1", "company": ids["company"], "customer": ids["company"], "invoice": ids["invoice"],
        "order": ids["order"], "contact": ids["contact"], "run": ids["reminder-run"], "delivery": ids["delivery"],
        f"allocation_{ids['invoice']}": None, f"quantity_{invoice_line}": None, f"invoice_{invoice_line}": None,
        f"order_{order_line}": None, f"delivery_{delivery_line}": None, f"product-{ids['product']}": None,
    }  # fmt: skip


def _column_lengths() -> dict[str, dict[str, int]]:
    """table -> {column: max_length} of every character column: PostgreSQL refuses a longer value."""
    lengths: dict[str, dict[str, int]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "max_length", None) and field.get_internal_type() in (
                "CharField",
                "SlugField",
                "EmailField",
                "URLField",
            ):
                lengths.setdefault(model._meta.db_table, {})[field.column] = field.max_length
    return lengths


COLUMN_LENGTHS = _column_lengths()
INSERT = re.compile(r'\s*INSERT INTO "(?P<table>\w+)" \((?P<columns>[^)]*)\) VALUES', re.I)
UPDATE = re.compile(r'\s*UPDATE "(?P<table>\w+)" SET (?P<sets>.*?) WHERE ', re.I | re.S)


class Writes:
    """What a request did to the database that a refused POST must not, or PostgreSQL would refuse: the rows it
    wrote (the session aside), a NUL character sent, a text longer than its column."""

    def __init__(self):
        self.statements = []
        self.nul = False
        self.too_long = []

    def __call__(self, execute, sql, params, many, context):
        if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", sql, re.I) and "django_session" not in sql:
            self.statements.append(sql[:120])
        rows = params if many else [params or ()]
        for row in rows:
            if any(isinstance(value, str) and "\x00" in value for value in row):
                self.nul = True
            self._check_lengths(sql, list(row))
        return execute(sql, params, many, context)

    def _check_lengths(self, sql, row):
        if (match := INSERT.match(sql)) and match["table"] in COLUMN_LENGTHS:
            columns = [c.strip().strip('"') for c in match["columns"].split(",")]
        elif (match := UPDATE.match(sql)) and match["table"] in COLUMN_LENGTHS:
            sets = [item.strip() for item in match["sets"].split(", ")]
            if not all(re.fullmatch(r'"\w+" = (%s|NULL)', item) for item in sets):
                return  # an expression: not worth parsing here
            columns = [item.split('"')[1] for item in sets if item.endswith("%s")]
        else:
            return
        lengths = COLUMN_LENGTHS[match["table"]]
        values = row if sql.lstrip().upper().startswith("INSERT") else row[: len(columns)]  # then WHERE's
        for position, value in enumerate(values):
            column = columns[position % len(columns)]  # several rows inserted at once: the columns again
            if column in lengths and isinstance(value, str) and len(value) > lengths[column]:
                self.too_long.append(f"{match['table']}.{column}")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data once for the module (every document in every state), rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_demo()
            ids = _real_ids()
            yield {"media": media, "ids": ids, "names": sorted(_field_names()), "prefixes": _formset_prefixes()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _language_kept():
    """The pages switch the thread's language to the visitor's; the tests after these expect it back."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture(autouse=True)
def _media_root(settings, seeded):
    settings.MEDIA_ROOT = seeded["media"]


def _data(names, prefixes, value, ids, real_ids: bool):
    data = dict.fromkeys(names, value)
    for prefix, form in prefixes.items():
        data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
        data |= {f"{prefix}-0-{field}": value for field in form.base_fields}
    for name, real in _id_params(ids).items():
        if real_ids:
            data[name] = real if real is not None else value
        elif real is None:
            data[name] = value
    return data


def _chunks(data: dict, value: str):
    """Long values split over several requests, each under Django's 2.5 MB upload limit."""
    if len(value) < 1000:
        yield data
        return
    items = list(data.items())
    for start in range(0, len(items), 150):
        yield dict(items[start : start + 150])


VISITORS = [None, ASSISTANT, MANAGER, ACCOUNTING]  # anonymous, then each role
VALUES = list(JUNK.values())


def _opens(view, user, kwargs: dict) -> bool:
    """Whether the user's role may open the view (its PermissionMixin's permissions); views without are open."""
    cls = getattr(view, "view_class", None)
    if cls is None or not hasattr(cls, "get_permission_required"):
        return True
    try:
        instance = cls(kwargs=kwargs)
        needed = list(instance.get_permission_required())
    except Exception:  # a view that needs more than its kwargs to say: ask it with every role
        return True
    needed += [p for p in [getattr(cls, "action_permissions", {}).get(kwargs.get("action", ""))] if p]
    return user.has_perms(needed)


def _plan(routes, ids: dict, visitor: int, users: list):
    """The requests one visitor makes: (url, junk value, real ids in the id fields?).

    Every route is asked with ids no row has (each visitor another kind: 0, 999999999, 30 digits) and junk in its
    str and slug parts. With the ids of seeded rows, the junk values are shared out over the roles that may open the
    route, so the roles together ask it every value once (a role that may not open it asks one, to see its 403;
    so does each role a PDF, which reads no junk and takes long to draw).
    Anonymous visitors ask one value per route: every page but the public ones sends them to the login page."""
    for index, (name, route, view) in enumerate(routes):
        converters = {m["name"]: m["converter"] for m in CONVERTER.finditer(route)}
        value = VALUES[(index + visitor) % len(VALUES)]
        if converters:
            junk_id = JUNK_IDS[(index + visitor) % len(JUNK_IDS)]
            yield _url(route, dict.fromkeys(converters, junk_id)), value, False
            if {"str", "slug", "path"} & set(converters.values()):
                yield _url(route, dict.fromkeys(converters, value[:200])), "abc", False
        real = _real_kwargs(name, route, ids) if converters else {}
        if real is None:
            continue
        targets = [real | {"action": action} for action in _actions(view)] if "action" in real else [real]
        for number, kwargs in enumerate(targets):
            if visitor == 0:
                yield _url(route, kwargs), VALUES[(index + number) % len(VALUES)], False
                continue
            openers = [position for position, user in enumerate(users, start=1) if _opens(view, user, kwargs)]
            if visitor not in openers or name.endswith(("pdf", "preview")):  # a PDF reads no junk; it is slow
                yield _url(route, kwargs), VALUES[(index + number + visitor) % len(VALUES)], True
                continue
            share = len(targets) > 1  # an action's values are shared with the other actions of the route
            for position, junk in enumerate(VALUES):
                if share and (position + number) % len(targets):
                    continue
                if openers[(position + index) % len(openers)] == visitor:
                    yield _url(route, kwargs), junk, position % 2 == 0


def _routes():
    return sorted(_walk(get_resolver().url_patterns), key=lambda r: r[0])


@pytest.mark.parametrize("visitor", range(len(VISITORS)), ids=["anonymous", "assistant", "manager", "accounting"])
def test_no_route_answers_junk_with_a_500(seeded, visitor):
    client = Client(raise_request_exception=False)
    users = [
        User.objects.filter(groups=Group.objects.get(name=role), is_active=True).order_by("pk").first()
        for role in VISITORS[1:]
    ]
    if visitor:
        client.force_login(users[visitor - 1])
    ids, names, prefixes = seeded["ids"], seeded["names"], seeded["prefixes"]
    failures = []

    def request(method, url, data, value):
        writes = Writes()
        with connection.execute_wrapper(writes):
            if method == "get":
                response = client.get(url, data)
            else:
                body = urlencode(data, doseq=True)
                response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        problem = ""
        if response.status_code >= 500:
            problem = f"{response.status_code}"
        elif b"Traceback" in getattr(response, "content", b""):
            problem = "traceback in the page"
        elif method == "post" and response.status_code >= 400 and writes.statements:
            problem = f"refused with {response.status_code} but wrote {writes.statements[:2]}"
        elif writes.nul:
            problem = "a NUL character reached the database (PostgreSQL refuses it)"
        elif writes.too_long:
            problem = (
                f"a text longer than its column reached the database (PostgreSQL refuses it): {writes.too_long[0]}"
            )
        if problem:
            shown = value if len(value) <= 12 else value[:12] + "…"
            failures.append(f"{method.upper()} {url[:100]} junk={shown!r}: {problem}")

    for url, value, real_ids in _plan(_routes(), ids, visitor, users):
        data = _data(names, prefixes, value, ids, real_ids)
        for chunk in _chunks(data, value):
            request("get", url, chunk, value)
            request("post", url, chunk, value)
            if visitor and "_auth_user_id" not in client.session:  # signed out (the logout page): back in
                client.force_login(users[visitor - 1])

    assert not failures, f"{len(failures)} junk requests answered badly:\n" + "\n".join(sorted(set(failures)))
