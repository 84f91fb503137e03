"""The customer portal: signed, expiring, revocable links; rate limits; no enumeration; one customer's documents
only and nothing internal; every action lands on the desk as work."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from customers.models import FollowUpTask
from orderdesk.exceptions import DomainError
from orderdesk.models import OutboxMessage
from portal.models import PortalAccess, PortalPhoto, PortalRequest, PortalVisit
from portal.services import (
    TITLE_PREFIX,
    portal_access_read,
    portal_link_request,
    portal_links_revoke,
    portal_promise_confirm,
    portal_token,
)
from sales.models import PaymentPromise
from sales.states import QuoteStatus

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _url(access, name="portal:home", *args):
    return reverse(name, args=[portal_token(access), *args])


# --- links ---------------------------------------------------------------------------------------------------------


def test_the_assistant_sends_a_personal_link_in_the_contacts_language(world, assistant_client):
    contact = world["contact"]
    response = assistant_client.post(reverse("portal:link-send", args=[contact.pk]))
    assert response.status_code == 302
    access = PortalAccess.objects.get(contact=contact, origin=PortalAccess.Origin.ASSISTANT)
    mail = OutboxMessage.objects.filter(to=[contact.email]).latest("pk")
    assert mail.language == "fr" and "Voici le lien" in mail.body
    assert portal_access_read(re.search(r"/portal/([^/\s]+)/", mail.body)[1]) == access
    assert LogEntry.objects.get_for_object(access).exists()  # in the audit trail


def test_document_mails_carry_the_contacts_personal_link(world):
    mail = OutboxMessage.objects.filter(subject__startswith=f"Facture {world['invoice'].number}").get()
    access = PortalAccess.objects.get(contact=world["contact"], origin=PortalAccess.Origin.DOCUMENT)
    assert "sur votre propre page" in mail.body
    # One link (access) for all the mails of the contact, while it lives long enough.
    tokens = [
        re.search(r"/portal/([^/\s]+)/", m.body)[1] for m in OutboxMessage.objects.filter(to=["claire@dubois.be"])
    ]
    assert len(tokens) == 4 and {portal_access_read(token) for token in tokens} == {access}


def test_the_composer_shows_a_placeholder_that_becomes_the_link_only_when_the_mail_leaves(world, assistant,
                                                                                        assistant_client):  # fmt: skip
    from orderdesk.forms import MailComposeForm
    from orderdesk.mail import PERSONAL_LINK
    from sales.selectors.confirmations import quote_send_confirmation
    from sales.services.lines import document_line_save
    from sales.services.quotes import quote_create
    from tests.factories import ContactFactory

    contact = ContactFactory(company=world["customer"], first_name="Luc", last_name="Dubois", email="luc@dubois.be",
                             language="fr")  # fmt: skip

    def draft():
        quote = quote_create(company=world["customer"], actor=assistant, contact=contact)
        document_line_save(document=quote, actor=assistant, product=world["oven"], quantity="1")
        return quote

    def sent_with(edit) -> OutboxMessage:
        quote = draft()
        mail = quote_send_confirmation(quote=quote, actor=assistant).mail
        data = {"mail_to": ", ".join(mail.to), "mail_cc": "", "mail_subject": mail.subject,
                "mail_body": edit(mail.body), "mail_number": mail.number}  # fmt: skip
        assistant_client.post(reverse("sales:quote-action", args=[quote.pk, "send"]), data)
        return OutboxMessage.objects.get(object_id=quote.pk, content_type__model="quote")

    shown = quote_send_confirmation(quote=draft(), actor=assistant).mail
    assert f"sur votre propre page :\n{PERSONAL_LINK}\n" in shown.body
    assert PERSONAL_LINK in str(MailComposeForm(default=shown)["mail_body"].help_text)
    assert not PortalAccess.objects.filter(contact=contact).exists()  # showing the mail made no link

    # Edited with the placeholder kept: the link takes its place when the mail leaves.
    kept = sent_with(lambda body: "Comme convenu au téléphone.\n\n" + body)
    access = PortalAccess.objects.get(contact=contact, origin=PortalAccess.Origin.DOCUMENT)
    assert kept.body.startswith("Comme convenu au téléphone.") and PERSONAL_LINK not in kept.body
    assert portal_access_read(re.search(r"/portal/([^/\s]+)/", kept.body)[1]) == access

    # Its line deleted: the mail leaves without a link.
    dropped = sent_with(lambda body: "\n".join(line for line in body.split("\n") if PERSONAL_LINK not in line))
    assert "/portal/" not in dropped.body and PERSONAL_LINK not in dropped.body


def test_the_statement_mail_carries_the_link_too(world, accountant):
    from django.utils import timezone

    from sales.services.customer_statements import statement_send

    customer = world["contact"].company
    customer.invoice_email = "claire@dubois.be"
    customer.save()
    mail = statement_send(company=customer, actor=accountant, today=timezone.localdate())
    access = PortalAccess.objects.get(contact=world["contact"], origin=PortalAccess.Origin.DOCUMENT)
    assert "sur votre propre page" in mail.body
    assert portal_access_read(re.search(r"/portal/([^/\s]+)/", mail.body)[1]) == access


def test_a_link_opens_the_customers_page_and_is_recorded(world, access, client):
    url = _url(access)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Boulangerie Dubois" in page and world["invoice"].number in page
    assert response["Content-Language"] == "fr"
    assert "Vandenbroucke Technics" in page  # our company names itself
    visit = PortalVisit.objects.get(access=access)
    assert visit.path == url
    assert LogEntry.objects.get_for_object(visit).exists()
    access.refresh_from_db()
    assert access.last_used_at is not None


def test_a_tampered_token_is_refused(world, access, client):
    token = portal_token(access)
    forged = signing.dumps({"a": world["other_contact"].pk + 1000}, salt="wrong")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.get(reverse("portal:home", args=[bad]))
        assert response.status_code == 404
        assert world["invoice"].number not in response.content.decode()
    assert not PortalVisit.objects.exists()


def test_an_expired_link_is_refused(world, access, client):
    PortalAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(_url(access)).status_code == 404


def test_a_signature_older_than_the_link_lifetime_is_refused(world, access, settings):
    token = portal_token(access)
    settings.PORTAL_LINK_DAYS = 0
    with pytest.raises(Exception, match="expired"):
        portal_access_read(token)


def test_a_revoked_link_is_refused(world, access, client, assistant):
    assert client.get(_url(access)).status_code == 200
    # The link sent from the file, and the one the document mails carried.
    assert portal_links_revoke(contact=world["contact"], actor=assistant) == 2
    response = client.get(_url(access))
    assert response.status_code == 404


def test_revoking_from_the_customer_file(world, access, assistant_client, client):
    response = assistant_client.post(reverse("portal:link-revoke", args=[world["contact"].pk]))
    assert response.status_code == 302
    assert client.get(_url(access)).status_code == 404


def test_asking_a_link_never_tells_whether_the_address_is_known(world, client):
    known = client.post(reverse("portal:request-link"), {"email": "CLAIRE@dubois.be"})
    unknown = client.post(reverse("portal:request-link"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200

    def text(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert text(known) == text(unknown)
    access = PortalAccess.objects.get(contact=world["contact"], origin=PortalAccess.Origin.REQUEST)
    assert sum(portal_access_read(re.search(r"/portal/([^/\s]+)/", m.body)[1]) == access
               for m in OutboxMessage.objects.filter(to=["claire@dubois.be"])) == 1  # fmt: skip


def test_link_requests_are_rate_limited_per_address_and_per_email(world, client, settings):
    settings.PORTAL_LINK_REQUESTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("portal:request-link"), {"email": "claire@dubois.be"}).status_code == 200
    assert client.post(reverse("portal:request-link"), {"email": "claire@dubois.be"}).status_code == 429
    cache.clear()
    sent = [portal_link_request(email="claire@dubois.be") for _ in range(3)]
    assert sent == [1, 1, 0]  # the mailbox is not flooded either


def test_portal_hits_are_rate_limited(world, access, client, settings):
    settings.PORTAL_HITS_PER_HOUR = 3
    statuses = [client.get(_url(access)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- isolation -----------------------------------------------------------------------------------------------------


def test_another_customers_documents_are_not_found(world, access, client):
    other_line = world["other_note"].lines.get()
    downloads = [
        _url(access, "portal:invoice-pdf", world["other_invoice"].pk),
        _url(access, "portal:invoice-ubl", world["other_invoice"].pk),
        _url(access, "portal:order-pdf", world["other_order"].pk),
        _url(access, "portal:delivery-pdf", world["other_note"].pk),
        _url(access, "portal:quote-pdf", world["quote"].pk + 1000),
    ]
    for url in downloads:
        assert client.get(url).status_code == 404, url
    urls = [
        _url(access, "portal:problem", other_line.pk),
        _url(access, "portal:promise", world["other_invoice"].pk),
        _url(access, "portal:ask", "invoice", world["other_invoice"].pk),
        _url(access, "portal:ask", "order", world["other_order"].pk),
    ]
    data = {"question": "?", "category": "damaged", "quantity": "1", "description": "x",
            "promised_for": timezone.localdate().isoformat()}  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert not Complaint.objects.exists() and not PortalRequest.objects.exists()
    assert not FollowUpTask.objects.exists()


def test_nothing_internal_shows(world, access, client):
    pages = [client.get(_url(access)), client.get(_url(access, "portal:quote", world["quote"].pk))]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Secret" not in page and "800,00" not in page and "margin" not in page.lower()
        assert "Autre Client" not in page and world["other_invoice"].number not in page
        assert 'id="user-menu"' not in page  # no internal shell


def test_the_customer_downloads_their_invoice_pdf_and_statement(world, access, client):
    response = client.get(_url(access, "portal:invoice-pdf", world["invoice"].pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    statement = client.get(_url(access, "portal:statement-pdf"))
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF")
    assert client.get(_url(access, "portal:delivery-pdf", world["note"].pk)).content.startswith(b"%PDF")


def test_the_statement_shows_one_qr_code_for_the_open_total(world, access, client):
    page = client.get(_url(access)).content.decode()
    assert 'id="statement-qr"' in page and "data:image/svg+xml" in page


# --- each action lands as work ---------------------------------------------------------------------------------------


def test_accepting_a_quote_follows_the_quote_link_rules(world, access, client):
    url = _url(access, "portal:quote", world["quote"].pk)
    assert client.post(url, {"answer": "accept", "name": ""}).status_code == 400  # a name is needed, as on the link
    response = client.post(url, {"answer": "accept", "name": "Claire Dubois", "customer_reference": "PO-77"})
    assert response.status_code == 200
    quote = world["quote"]
    quote.refresh_from_db()
    assert (quote.status, quote.accepted_by_name, quote.customer_reference) == (
        QuoteStatus.ACCEPTED, "Claire Dubois", "PO-77")  # fmt: skip
    assert PortalRequest.objects.get(kind=PortalRequest.Kind.QUOTE_ACCEPTED).document == quote
    # Answered: a second answer is refused.
    assert client.post(url, {"answer": "decline", "reason": "Trop cher"}).status_code == 400


def test_declining_needs_a_reason(world, access, client):
    url = _url(access, "portal:quote", world["quote"].pk)
    assert client.post(url, {"answer": "decline", "reason": ""}).status_code == 400
    assert client.post(url, {"answer": "decline", "reason": "Trop cher"}).status_code == 200
    world["quote"].refresh_from_db()
    assert world["quote"].status == QuoteStatus.DECLINED


def test_a_question_becomes_a_task_for_the_account_owner(world, access, client, assistant):
    invoice = world["invoice"]
    response = client.post(_url(access, "portal:ask", "invoice", invoice.pk), {"question": "Pouvez-vous la renvoyer ?"})
    assert response.status_code == 200
    task = FollowUpTask.objects.get()
    assert task.assignee == assistant and task.title.startswith(TITLE_PREFIX) and invoice.number in task.title
    assert task.document == invoice and task.contact == world["contact"] and task.created_by is None
    assert PortalRequest.objects.get().task == task


def test_a_problem_on_a_delivered_line_registers_a_complaint_with_photos(world, access, client, assistant):
    line = world["note"].lines.get()
    photo = SimpleUploadedFile("porte.png", PNG, content_type="image/png")
    response = client.post(_url(access, "portal:problem", line.pk), {
        "category": "damaged", "quantity": "1", "description": "La porte est cabossée.", "photos": [photo],
    })  # fmt: skip
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == Complaint.Channel.WEBSITE and complaint.assignee == assistant
    assert complaint.lines.get().delivery_line == line
    request = PortalRequest.objects.get()
    assert request.complaint == complaint and PortalPhoto.objects.get().request == request


def test_a_problem_refuses_a_file_that_is_not_an_image(world, access, client):
    line = world["note"].lines.get()
    fake = SimpleUploadedFile("porte.png", b"<html><script>alert(1)</script>", content_type="image/png")
    response = client.post(_url(access, "portal:problem", line.pk), {
        "category": "damaged", "quantity": "1", "description": "x", "photos": [fake]})  # fmt: skip
    assert response.status_code == 400 and not Complaint.objects.exists()


def test_a_payment_date_waits_for_the_assistant_to_confirm(world, access, client, assistant, assistant_client):
    invoice = world["invoice"]
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(_url(access, "portal:promise", invoice.pk), {"promised_for": day.isoformat()})
    assert response.status_code == 200
    request = PortalRequest.objects.get(kind=PortalRequest.Kind.PROMISE)
    assert not PaymentPromise.objects.exists()  # not before the assistant confirms
    assert request.task.assignee == assistant
    # The customer file shows it with a button to confirm.
    page = assistant_client.get(reverse("customers:company-detail", args=[world["customer"].pk])).content.decode()
    assert reverse("portal:promise-confirm", args=[request.pk]) in page
    assert assistant_client.post(reverse("portal:promise-confirm", args=[request.pk])).status_code == 302
    promise = PaymentPromise.objects.get()
    assert (promise.invoice, promise.promised_for, promise.amount) == (invoice, day, invoice.amount_open)
    request.refresh_from_db()
    assert request.state == PortalRequest.State.CONFIRMED and request.task.done_at is not None
    with pytest.raises(DomainError):
        portal_promise_confirm(request=request, actor=assistant, today=timezone.localdate())


def test_a_payment_date_in_the_past_is_refused(world, access, client):
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(_url(access, "portal:promise", world["invoice"].pk), {"promised_for": day.isoformat()})
    assert response.status_code == 400 and not PortalRequest.objects.exists()


def test_my_desk_and_the_customer_file_show_what_came_from_the_portal(world, access, client, assistant_client):
    client.post(_url(access, "portal:ask", "order", world["order"].pk), {"question": "Quand ?"})
    client.get(_url(access))
    desk = assistant_client.get(reverse("desk:desk")).content.decode()
    assert 'id="portal-desk-card"' in desk and "Boulangerie Dubois" in desk
    file = assistant_client.get(reverse("customers:company-detail", args=[world["customer"].pk])).content.decode()
    assert 'id="portal-section"' in file and "Not used yet" not in file


# --- who may do what (the authorization matrix of the portal's routes) --------------------------------------------


CUSTOMER_ROUTES = ["portal:home", "portal:statement-pdf"]


def test_customer_routes_need_a_valid_token_not_a_login(world, access):
    anonymous = Client()
    for name in CUSTOMER_ROUTES:
        assert anonymous.get(reverse(name, args=["not-a-token"])).status_code == 404
        assert anonymous.get(reverse(name, args=[portal_token(access)])).status_code == 200
    assert anonymous.get(reverse("portal:request-link")).status_code == 200


def test_staff_routes_need_a_login_and_the_permission(world, access, client, accountant):
    contact = world["contact"]
    active = PortalAccess.objects.filter(revoked_at=None).count()
    request = PortalRequest.objects.create(kind=PortalRequest.Kind.QUESTION, company=world["customer"],
                                           contact=contact)  # fmt: skip
    posts = [reverse("portal:link-send", args=[contact.pk]), reverse("portal:link-revoke", args=[contact.pk]),
             reverse("portal:request-close", args=[request.pk])]  # fmt: skip
    for url in posts:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(accountant)  # reads customers, may not change them
    for url in posts:
        assert client.post(url).status_code == 403
    assert PortalAccess.objects.filter(revoked_at=None).count() == active


JUNK = ["abc", "-1", "9" * 30, "NaN", "2026-13-45", "x" * 10_000, "Zoë ✓ \u202e", "a\x00b"]


def test_junk_never_answers_with_a_500(world, access, client, assistant_client):
    token = portal_token(access)
    line = world["note"].lines.get()
    pages = [
        reverse("portal:problem", args=[token, line.pk]),
        reverse("portal:promise", args=[token, world["invoice"].pk]),
        reverse("portal:ask", args=[token, "invoice", world["invoice"].pk]),
        reverse("portal:quote", args=[token, world["quote"].pk]),
        reverse("portal:request-link"),
    ]
    for url in pages:
        for value in JUNK:
            data = dict.fromkeys(["email", "question", "category", "quantity", "description", "promised_for",
                                  "answer", "name", "customer_reference", "reason"], value)  # fmt: skip
            response = client.post(url, data)
            assert response.status_code < 500, (url, value[:20])
            cache.clear()
    for name, args in [("portal:home", ["9" * 30]), ("portal:invoice-pdf", [token, 10**29]),
                       ("portal:ask", [token, "nonsense", 1]), ("portal:photo", [10**29])]:  # fmt: skip
        assert client.get(reverse(name, args=args)).status_code < 500
        assert assistant_client.get(reverse(name, args=args)).status_code < 500
