"""The VIES check against a real HTTP server on this machine standing in for the EU service."""

import http.server
import json
import socket
import threading

import pytest
from django.urls import reverse

from customers.services.vies import company_vies_check
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


class _FakeVies(http.server.BaseHTTPRequestHandler):
    answers: dict[str, dict] = {}
    paths: list[str] = []

    def do_GET(self):
        type(self).paths.append(self.path)
        body = json.dumps(type(self).answers.get(self.path, {"isValid": False, "userError": "INVALID"})).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def vies(settings):
    _FakeVies.answers, _FakeVies.paths = {}, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeVies)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.VIES_URL = f"http://127.0.0.1:{server.server_address[1]}/rest-api"
    yield _FakeVies
    server.shutdown()
    server.server_close()


def test_an_active_vat_number_is_confirmed_with_the_registered_name(vies, assistant):
    company = CompanyFactory(vat_number="BE0403170701", enterprise_number="0403170701")
    vies.answers["/rest-api/ms/BE/vat/0403170701"] = {"isValid": True, "userError": "VALID", "name": "NV ACME"}

    check = company_vies_check(company=company, actor=assistant)

    assert (check.reachable, check.valid, check.name) == (True, True, "NV ACME")
    company.refresh_from_db()
    assert (company.vies_valid, company.vies_name) == (True, "NV ACME")
    assert company.vies_checked_at is not None


def test_an_inactive_number_is_reported_and_a_busy_country_is_not_a_verdict(vies, assistant):
    company = CompanyFactory(vat_number="NL004495445B01", vat_regime="eu", country="NL")

    assert company_vies_check(company=company, actor=assistant).valid is False
    vies.answers["/rest-api/ms/NL/vat/004495445B01"] = {"isValid": False, "userError": "MS_UNAVAILABLE"}
    check = company_vies_check(company=company, actor=assistant)

    assert (check.reachable, check.valid) == (False, None)
    assert "MS_UNAVAILABLE" in check.message


def test_an_unreachable_vies_never_blocks_and_says_so_on_the_file(assistant_client, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.VIES_URL = f"http://127.0.0.1:{port}/rest-api"
    company = CompanyFactory(vat_number="BE0403170701", enterprise_number="0403170701")

    response = assistant_client.post(reverse("customers:company-vies", args=[company.pk]), follow=True)

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and "VIES" in messages[0]
    company.refresh_from_db()
    assert company.vies_checked_at is None
