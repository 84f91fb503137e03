"""Who may open and post to every page: the declared policy, checked route by route.

Walks every URL pattern of the project (Django's own admin aside) as anonymous and as each role, GET and POST, with
the real ids of seeded rows in the path (a route taking an `<action>` once per action its view knows), and
compares the answer with POLICY below:

- allowed: anything but 403, a redirect to the sign-in page or a 5xx (an empty POST may well answer 400, 200 with
  the form's errors, or a redirect: the check is about authorization, not validation);
- refused: 403 for a signed-in user (405 when nobody may use that method there), a redirect to the sign-in page
  for anonymous.

A route missing from POLICY fails the suite by name: add it with the roles that may GET and POST it. To see what
your route answers today: `ORDERDESK_AUTHZ_DUMP=1 .venv/bin/pytest -q -s tests/test_authorization_matrix.py`
prints the observed policy.
"""

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import get_resolver

from customers.models import DeliveryAddress
from desk.demo import seed_demo
from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER
from sales.models import Quote
from sales.services.documents import quote_link_token
from tests.test_route_fuzzer import CONVERTER, _actions, _real_ids, _real_kwargs, _url, _walk

pytestmark = pytest.mark.django_db

PUBLIC = "anonymous"  # anyone, signed in or not
A, M, C = ASSISTANT, MANAGER, ACCOUNTING
STAFF = frozenset({A, M, C})
NOBODY = frozenset()
EVERYONE = frozenset({PUBLIC, A, M, C})


def rule(get: frozenset | set, post: frozenset | set) -> dict[str, frozenset]:
    return {"GET": frozenset(get), "POST": frozenset(post)}


# url name (or "name[action]" for a route with an <action>) → the roles that may GET and POST it.
POLICY: dict[str, dict[str, frozenset]] = {
    "orderdesk:language": rule(NOBODY, EVERYONE),
    "orderdesk:company-settings": rule(STAFF, {M}),
    "orderdesk:company-preview": rule(STAFF, NOBODY),
    "orderdesk:outbox-list": rule(STAFF, NOBODY),
    "orderdesk:outbox-detail": rule(STAFF, NOBODY),
    "orderdesk:outbox-retry": rule(NOBODY, STAFF),
    "orderdesk:sign-in-locks": rule({M}, NOBODY),
    "orderdesk:sign-in-unlock": rule(NOBODY, {M}),
    "orderdesk:company-logo": rule(STAFF, NOBODY),
    "orderdesk:outbox-attachment": rule(STAFF, NOBODY),
    "desk:desk": rule(STAFF, NOBODY),
    "desk:search": rule(STAFF, NOBODY),
    "desk:dashboard": rule({M}, NOBODY),
    "desk:approval-list": rule({M}, NOBODY),
    "portal:request-link": rule(EVERYONE, EVERYONE),
    "portal:link-send": rule(NOBODY, {A, M}),
    "portal:link-revoke": rule(NOBODY, {A, M}),
    "portal:promise-confirm": rule(NOBODY, STAFF),
    "portal:request-close": rule(NOBODY, {A, M}),
    "portal:photo": rule(STAFF, NOBODY),
    "portal:home": rule(EVERYONE, EVERYONE),
    "portal:statement-pdf": rule(EVERYONE, EVERYONE),
    "portal:quote": rule(EVERYONE, EVERYONE),
    "portal:quote-pdf": rule(EVERYONE, EVERYONE),
    "portal:order-pdf": rule(EVERYONE, EVERYONE),
    "portal:delivery-pdf": rule(EVERYONE, EVERYONE),
    "portal:usage-document": rule(EVERYONE, EVERYONE),
    "portal:problem": rule(EVERYONE, EVERYONE),
    "portal:invoice-pdf": rule(EVERYONE, EVERYONE),
    "portal:invoice-ubl": rule(EVERYONE, EVERYONE),
    "portal:promise": rule(EVERYONE, EVERYONE),
    "portal:ask": rule(EVERYONE, EVERYONE),
    "password_reset": rule(EVERYONE, EVERYONE),
    "login": rule(EVERYONE, EVERYONE),
    "logout": rule(NOBODY, EVERYONE),  # signing out answers with the sign-in page
    "password_change": rule(STAFF, STAFF),
    "password_change_done": rule(STAFF, NOBODY),
    "password_reset_done": rule(EVERYONE, NOBODY),
    "password_reset_confirm": rule(EVERYONE, EVERYONE),
    "password_reset_complete": rule(EVERYONE, NOBODY),
    "customers:company-list": rule(STAFF, NOBODY),
    "customers:company-export": rule(STAFF, NOBODY),
    "customers:company-create": rule({A, M}, {A, M}),
    "customers:company-detail": rule(STAFF, NOBODY),
    "customers:company-search": rule(STAFF, NOBODY),
    "customers:on-the-line-clear": rule(NOBODY, STAFF),
    "customers:company-update": rule({A, M}, {A, M}),
    "customers:company-convert": rule(NOBODY, {A, M}),
    "customers:company-credit-status": rule(NOBODY, {M, C}),
    "customers:company-vies": rule(NOBODY, {A, M}),
    "customers:company-merge": rule(NOBODY, {M}),
    "customers:contact-create": rule({A, M}, {A, M}),
    "customers:address-create": rule({A, M}, {A, M}),
    "customers:address-update": rule({A, M}, {A, M}),
    "customers:contact-update": rule({A, M}, {A, M}),
    "customers:contact-anonymise": rule(NOBODY, {A, M}),
    "customers:contact-data": rule(STAFF, NOBODY),
    "customers:interaction-create": rule(STAFF, STAFF),
    "customers:task-create": rule({A, M}, {A, M}),
    "customers:task-list": rule(STAFF, NOBODY),
    "customers:task-complete": rule(NOBODY, {A, M}),
    "customers:credit-request-create": rule({A, M}, {A, M}),
    "customers:credit-request-decide": rule({M}, {M}),
    "customers:company-import": rule({A, M}, {A, M}),
    "customers:company-import-detail": rule({A, M}, NOBODY),
    "customers:company-import-template": rule({A, M}, NOBODY),
    "sales:catalog": rule(STAFF, NOBODY),
    "sales:pricing": rule(STAFF, NOBODY),
    "sales:price-list-create": rule({M}, {M}),
    "sales:price-list-update": rule({M}, {M}),
    "sales:promotion-create": rule({M}, {M}),
    "sales:promotion-update": rule({M}, {M}),
    "sales:discount-authority": rule({M}, {M}),
    "sales:catalog-quality": rule(STAFF, NOBODY),
    "sales:product-create": rule({M}, {M}),
    "sales:product-detail": rule(STAFF, NOBODY),
    "sales:product-update": rule({M}, {M}),
    "sales:market-note-add": rule(NOBODY, {A, M}),
    "sales:product-document-add": rule(NOBODY, {M}),
    "sales:product-document": rule(STAFF, NOBODY),
    "sales:product-note-create": rule(NOBODY, {A, M}),
    "sales:product-import": rule({M}, {M}),
    "sales:product-export": rule(STAFF, NOBODY),
    "sales:price-import": rule({M}, {M}),
    "sales:price-export": rule(STAFF, NOBODY),
    "sales:quote-line-add": rule(NOBODY, {A, M}),
    "sales:quote-line-update": rule(NOBODY, {A, M}),
    "sales:quote-line-delete": rule(NOBODY, {A, M}),
    "sales:quote-discount": rule(NOBODY, {A, M}),
    "sales:order-line-add": rule(NOBODY, {A, M}),
    "sales:order-line-update": rule(NOBODY, {A, M}),
    "sales:order-line-delete": rule(NOBODY, {A, M}),
    "sales:order-discount": rule(NOBODY, {A, M}),
    "sales:invoice-line-add": rule(NOBODY, STAFF),
    "sales:invoice-line-update": rule(NOBODY, STAFF),
    "sales:invoice-line-delete": rule(NOBODY, STAFF),
    "sales:invoice-discount": rule(NOBODY, STAFF),
    "sales:company-pick": rule({A, M}, NOBODY),
    "sales:price-request-create": rule({A, M}, {A, M}),
    "sales:price-request-quote": rule(NOBODY, {A, M}),
    "sales:price-request-close": rule(NOBODY, {A, M}),
    "sales:product-suggestions": rule(STAFF, NOBODY),
    "sales:price-check": rule(STAFF, NOBODY),
    "sales:price-check-quote": rule(NOBODY, {A, M}),
    "sales:quote-list": rule(STAFF, NOBODY),
    "sales:quote-create": rule(NOBODY, {A, M}),
    "sales:quote-detail": rule(STAFF, {A, M}),
    "sales:quote-pdf": rule(STAFF, NOBODY),
    "sales:quote-revision-pdf": rule(STAFF, NOBODY),
    "sales:quote-compare": rule(STAFF, NOBODY),
    "sales:quote-action[answer]": rule(NOBODY, {A, M}),
    "sales:quote-action[approve]": rule(NOBODY, {M}),
    "sales:quote-action[cancel]": rule(NOBODY, {A, M}),
    "sales:quote-action[order]": rule(NOBODY, {A, M}),
    "sales:quote-action[refuse]": rule(NOBODY, {M}),
    "sales:quote-action[revise]": rule(NOBODY, {A, M}),
    "sales:quote-action[revoke]": rule(NOBODY, {A, M}),
    "sales:quote-action[send]": rule(NOBODY, {A, M}),
    "sales:order-list": rule(STAFF, NOBODY),
    "sales:order-create": rule(NOBODY, {A, M}),
    "sales:order-detail": rule(STAFF, {A, M}),
    "sales:order-pdf": rule(STAFF, NOBODY),
    "sales:order-line-reschedule": rule(NOBODY, {A, M}),
    "sales:delivery-create": rule({A, M}, {A, M}),
    "sales:order-action[approve]": rule(NOBODY, {M}),
    "sales:order-action[cancel]": rule(NOBODY, {A, M}),
    "sales:order-action[confirm]": rule(NOBODY, {A, M}),
    "sales:order-action[refuse]": rule(NOBODY, {M}),
    "sales:order-action[release]": rule(NOBODY, {M}),
    "sales:delivery-list": rule(STAFF, NOBODY),
    "sales:delivery-detail": rule(STAFF, STAFF),
    "sales:delivery-pdf": rule(STAFF, NOBODY),
    "sales:invoice-list": rule(STAFF, NOBODY),
    "sales:invoice-create": rule(NOBODY, STAFF),
    "sales:invoice-export": rule({M, C}, {M, C}),
    "sales:invoice-export-detail": rule({M, C}, NOBODY),
    "sales:invoice-export-download": rule({M, C}, NOBODY),
    "sales:invoice-detail": rule(STAFF, STAFF),
    "sales:invoice-pdf": rule(STAFF, NOBODY),
    "sales:invoice-ubl": rule(STAFF, NOBODY),
    "sales:credit-note-create": rule(STAFF, STAFF),
    "sales:invoice-action[approve]": rule(NOBODY, {M}),
    "sales:invoice-action[delete]": rule(NOBODY, STAFF),
    "sales:invoice-action[issue]": rule(NOBODY, STAFF),
    "sales:invoice-action[rate]": rule(NOBODY, STAFF),
    "sales:invoice-action[refuse]": rule(NOBODY, {M}),
    "sales:invoice-action[retransmit]": rule(NOBODY, STAFF),
    "sales:peppol-webhook": rule(NOBODY, EVERYONE),  # the access point: no login, a signature (401 without)
    "sales:peppol-deliveries": rule(STAFF, STAFF),
    "sales:peppol-lookup": rule(NOBODY, STAFF),
    "sales:peppol-search": rule(STAFF, {A, M}),  # taking a result changes the customer file
    "sales:payment-list": rule(STAFF, NOBODY),
    "sales:payment-create": rule(STAFF, STAFF),
    "sales:bank": rule(STAFF, STAFF),
    "sales:bank-accounts": rule({M}, {M}),
    "sales:bank-statement": rule(STAFF, STAFF),
    "sales:bank-line-action[confirm]": rule(NOBODY, STAFF),
    "sales:bank-line-action[ignore]": rule(NOBODY, STAFF),
    "sales:bank-line-action[return]": rule(NOBODY, STAFF),
    "sales:receivables": rule(STAFF, NOBODY),
    "sales:customer-statement": rule(STAFF, STAFF),
    "sales:reminder-run": rule(STAFF, STAFF),
    "sales:reminder-run-detail": rule(STAFF, STAFF),
    "sales:reminder-pdf": rule(STAFF, NOBODY),
    "sales:reminder-setup": rule({M}, {M}),
    "sales:invoice-follow-up[dispute]": rule(NOBODY, STAFF),
    "sales:invoice-follow-up[hand-back]": rule(NOBODY, STAFF),
    "sales:invoice-follow-up[hand-over]": rule(NOBODY, STAFF),
    "sales:invoice-follow-up[promise]": rule(NOBODY, STAFF),
    "sales:invoice-follow-up[undispute]": rule(NOBODY, STAFF),
    "sales:supplier-order-list": rule(STAFF, NOBODY),
    "sales:supplier-order-create": rule(NOBODY, {A, M}),
    "sales:supplier-order-detail": rule(STAFF, {A, M}),
    "sales:supplier-order-pdf": rule(STAFF, NOBODY),
    "complaints:complaint-list": rule(STAFF, NOBODY),
    "complaints:complaint-create": rule({A, M}, {A, M}),
    "complaints:complaint-report": rule(STAFF, NOBODY),
    "complaints:root-causes": rule({M}, {M}),
    "complaints:complaint-detail": rule(STAFF, NOBODY),
    "complaints:complaint-action[answer]": rule(NOBODY, {A, M}),
    "complaints:complaint-action[assess]": rule(NOBODY, {A, M}),
    "complaints:complaint-action[claim]": rule(NOBODY, {A, M}),
    "complaints:complaint-action[close]": rule(NOBODY, {A, M}),
    "complaints:complaint-action[decide]": rule(NOBODY, {M}),
    "complaints:complaint-action[escalate]": rule(NOBODY, {A, M}),
    "complaints:complaint-action[propose]": rule(NOBODY, {A, M}),
    "complaints:complaint-action[reopen]": rule(NOBODY, {A, M}),
    "quote-public": rule(EVERYONE, EVERYONE),
    "quote-public-pdf": rule(EVERYONE, NOBODY),
}
# Routes whose POST signs out: their answer is the sign-in page.
SIGNS_OUT = {"logout"}

ROLES = [None, ASSISTANT, MANAGER, ACCOUNTING]
FIXTURE_OF = {ASSISTANT: "assistant", MANAGER: "manager", ACCOUNTING: "accountant"}


def _routes(ids: dict) -> Iterator[tuple[str, str]]:
    """(policy key, URL) of every route, with real ids."""
    for name, route, view in _walk(get_resolver().url_patterns):
        kwargs = _real_kwargs(name, route, ids) or {}
        for match in CONVERTER.finditer(route):
            if match["name"] not in kwargs:
                kwargs[match["name"]] = ids.get(match["name"]) or "1"
        if name == "customers:address-update" and ids.get("address"):
            kwargs["company_pk"] = str(DeliveryAddress.objects.get(pk=ids["address"]).company_id)
        if "token" in kwargs and ids.get("quote-token"):
            kwargs["token"] = ids["quote-token"]
        if "action" in kwargs:
            for action in _actions(view) or ["x"]:
                yield f"{name}[{action}]", _url(route, kwargs | {"action": action})
        else:
            yield name, _url(route, kwargs)


def _seed_what_the_demo_lacks() -> None:
    """A bank statement and a reminder run, so their pages are reached too."""
    from decimal import Decimal

    from django.utils import timezone

    from orderdesk.models import CompanySettings
    from sales.bank_builders import coda_build
    from sales.services.bank_import import bank_statement_import
    from sales.services.reminders import reminder_run_propose

    iban = CompanySettings.load().iban.replace(" ", "")
    movement = {"amount": Decimal("75.00"), "free_text": "voorschot", "counterparty_name": "ONBEKEND",
                "counterparty_account": "BE62510007547061"}  # fmt: skip
    content = coda_build(account_iban=iban, holder_name="Demo", bank_bic="KREDBEBB", statement_number=1,
                         created_on=timezone.localdate(), opening_balance=Decimal("1000.00"),
                         movements=[movement])  # fmt: skip
    bank_statement_import(content=content, filename="demo.coda", background=False)
    reminder_run_propose(today=timezone.localdate())


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data once for the module (every document in every state), rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_demo()
            _seed_what_the_demo_lacks()
            ids = _real_ids()
            sent = Quote.objects.filter(revisions__isnull=False).order_by("pk").first()
            ids["quote-token"] = quote_link_token(sent) if sent else None
            yield {"media": media, "routes": list(_routes(ids))}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_root(settings, seeded):
    settings.MEDIA_ROOT = seeded["media"]


def _to_sign_in(response) -> bool:
    return response.status_code in (301, 302) and response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL)


def _allowed(response) -> bool:
    return response.status_code < 500 and response.status_code not in (403, 405) and not _to_sign_in(response)


def _refused(response, role) -> bool:
    if role is None:
        return _to_sign_in(response) or response.status_code == 405
    return response.status_code in (403, 405)


def test_every_route_is_in_the_policy(seeded):
    keys = {key for key, _url in seeded["routes"]}
    missing = sorted(keys - set(POLICY))
    stale = sorted(set(POLICY) - keys)
    assert not missing, "Routes missing from POLICY in tests/test_authorization_matrix.py (say who may GET and " \
        "POST them):\n  " + "\n  ".join(missing)  # fmt: skip
    assert not stale, "POLICY names routes that do not exist any more:\n  " + "\n  ".join(stale)


@pytest.mark.parametrize("role", ROLES, ids=["anonymous", "assistant", "manager", "accounting"])
def test_every_route_answers_each_role_as_the_policy_says(seeded, role, request):
    client = Client(raise_request_exception=False)
    user = request.getfixturevalue(FIXTURE_OF[role]) if role else None
    if user is not None:
        client.force_login(user)
    who = role or PUBLIC
    failures, observed = [], {}
    for key, url in seeded["routes"]:
        for method in ("GET", "POST"):
            response = getattr(client, method.lower())(url, {})
            allowed, refused = _allowed(response), _refused(response, role)
            if key in SIGNS_OUT and method == "POST":
                allowed = response.status_code == 302
                if user is not None:
                    client.force_login(user)
            observed.setdefault(key, {})[method] = response.status_code if allowed else -response.status_code
            expected = POLICY.get(key)
            if expected is None:
                continue  # named by test_every_route_is_in_the_policy
            may = who in expected[method] or (role is not None and PUBLIC in expected[method])
            if response.status_code >= 500:
                failures.append(f"{method} {url} ({key}): {response.status_code}")
            elif may and not allowed:
                failures.append(f"{method} {url} ({key}): refused ({response.status_code}) but the policy allows it")
            elif not may and not refused:
                failures.append(f"{method} {url} ({key}): answered {response.status_code} but the policy refuses it")
    if os.environ.get("ORDERDESK_AUTHZ_DUMP"):
        print(f"\n# observed for {who}")
        for key, methods in observed.items():
            print(f"{who}\t{key}\t{methods['GET']}\t{methods['POST']}")  # negative: refused
    assert not failures, f"{len(failures)} answers differ from POLICY:\n" + "\n".join(failures)
