import base64

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from customers.imports import (
    COLUMNS,
    HEADER_NAMES,
    ImportHasErrors,
    RowAction,
    header_key,
    import_commit,
    import_preview,
)
from customers.models import Company, CompanyImport, Contact, Tag
from customers.views.imports import SESSION_KEY
from orderdesk.exceptions import DomainError, PermissionDeniedError
from tests.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

# Valid Belgian enterprise numbers (mod 97) that no factory uses.
JANSSENS = "0412.345.614"
PEETERS = "0765.432.146"
EXISTING = "0812.312.345"


def csv_bytes(*lines: str, delimiter: str = ";", bom: bool = False) -> bytes:
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def errors_of(preview, number: int) -> dict[str, str]:
    row = next(row for row in preview.rows if row.number == number)
    return {error.column: error.message for error in row.errors}


ENGLISH = csv_bytes(
    "company_name;kind;enterprise_number;vat_regime;language;payment_days;tags;"
    "contact_first_name;contact_last_name;contact_email;contact_roles",
    f"Bakkerij Janssens;customer;{JANSSENS};be;nl;30;Horeca|Key account;An;Janssens;An@Janssens.be;"
    "decision_maker|buyer",
    "Bakkerij Janssens;;;;;;;Luc;Peeters;luc@janssens.be;accounting",
    f"Garage Peeters;;{PEETERS};;fr;;;Marie;Dubois;marie@peeters.be;",
    "Drukkerij Claes;prospect;;;;;Horeca;;;;",
)
DUTCH = csv_bytes(
    "Bedrijfsnaam;Soort;Ondernemingsnummer;BTW-regime;Taal;Betaaltermijn;Labels;"
    "Contact voornaam;Contact achternaam;Contact e-mail;Contact rollen",
    f"Bakkerij Janssens;customer;{JANSSENS};be;nl;30;Horeca|Key account;An;Janssens;an@janssens.be;"
    "decision_maker|buyer",
    "Bakkerij Janssens;;;;;;;Luc;Peeters;luc@janssens.be;accounting",
    f"Garage Peeters;;{PEETERS};;fr;;;Marie;Dubois;marie@peeters.be;",
    "Drukkerij Claes;prospect;;;;;Horeca;;;;",
)
FRENCH = csv_bytes(
    "Nom entreprise;Type;Numéro d'entreprise;Régime TVA;Langue;Délai de paiement;Étiquettes;"
    "Contact prénom;Contact nom;Contact courriel;Rôles",
    f"Bakkerij Janssens;customer;{JANSSENS};be;nl;30;Horeca|Key account;An;Janssens;an@janssens.be;"
    "decision_maker|buyer",
    "Bakkerij Janssens;;;;;;;Luc;Peeters;luc@janssens.be;accounting",
    f"Garage Peeters;;{PEETERS};;fr;;;Marie;Dubois;marie@peeters.be;",
    "Drukkerij Claes;prospect;;;;;Horeca;;;;",
    delimiter=",",
)


# --- preview --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [ENGLISH, DUTCH, FRENCH, ENGLISH.replace(b";", b","), b"\xef\xbb\xbf" + DUTCH],
    ids=["english-semicolon", "dutch-semicolon", "french-comma", "english-comma", "dutch-bom"],
)
def test_a_valid_file_is_previewed_row_by_row_and_nothing_is_written(assistant, content):
    preview = import_preview(content=content, actor=assistant)

    assert preview.file_errors == []
    assert [(row.number, row.company_name, row.contact_name, row.action, row.errors) for row in preview.rows] == [
        (2, "Bakkerij Janssens", "An Janssens", RowAction.NEW_COMPANY, []),
        (3, "Bakkerij Janssens", "Luc Peeters", RowAction.SAME_COMPANY, []),
        (4, "Garage Peeters", "Marie Dubois", RowAction.NEW_COMPANY, []),
        (5, "Drukkerij Claes", "", RowAction.NEW_COMPANY, []),
    ]
    assert "2" in preview.rows[1].action_label
    assert preview.is_valid
    assert (preview.companies_new, preview.contacts_new, preview.contacts_added_to_existing) == (3, 3, 0)
    assert Company.objects.count() == Contact.objects.count() == Tag.objects.count() == 0


def test_every_column_name_means_one_column():
    for column in COLUMNS:
        for alias in (column.name, *column.nl, *column.fr, *column.en):
            assert HEADER_NAMES[header_key(alias)] == column.name, alias


def test_a_quoted_separator_stays_in_its_cell_and_unknown_columns_are_listed(assistant):
    content = csv_bytes(
        "company_name,street,city,remarks", '"Janssens, Bakkerij","Markt 3, bus 2",Gent,x', delimiter="!"
    )

    preview = import_preview(content=content, actor=assistant)

    assert preview.delimiter == ","
    assert preview.is_valid
    assert preview.rows[0].company_name == "Janssens, Bakkerij"
    assert preview.ignored_columns == ["remarks"]


def test_each_bad_row_is_reported_with_its_row_number_and_column_in_dutch_and_nothing_is_imported(assistant):
    content = csv_bytes(
        "Bedrijfsnaam;Ondernemingsnummer;Betaaltermijn;Contact achternaam;Contact e-mail;Contact rollen",
        f"Bakkerij Janssens;{JANSSENS};30;Janssens;an@janssens.be;buyer",
        "Garage Peeters;0412.345.615;30;Peeters;luc@peeters.be;buyer",
        "Drukkerij Claes;;30;Claes;els@claes.be;buyer|boss",
        "Brouwerij Maes;;30;Maes;not-an-email;",
        "Slagerij Wouters;;90;Wouters;;",
        ";;;Nobody;;",
    )

    with translation.override("nl"):
        preview = import_preview(content=content, actor=assistant)

    assert not preview.is_valid
    assert preview.rows_with_errors == 5
    assert errors_of(preview, 2) == {}
    assert list(errors_of(preview, 3)) == ["Ondernemingsnummer"]
    assert list(errors_of(preview, 4)) == ["Contact rollen"]
    assert "boss" in errors_of(preview, 4)["Contact rollen"]
    assert list(errors_of(preview, 5)) == ["Contact e-mail"]
    assert list(errors_of(preview, 6)) == ["Betaaltermijn"]
    assert "60" in errors_of(preview, 6)["Betaaltermijn"]
    assert list(errors_of(preview, 7)) == ["Bedrijfsnaam"]

    with pytest.raises(ImportHasErrors) as refused:
        import_commit(content=content, actor=assistant)

    assert isinstance(refused.value, DomainError)
    assert refused.value.preview.rows_with_errors == 5
    assert Company.objects.count() == Contact.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("Janssens;eu;;BE", "vat_number"),  # intra-community without a VAT number
        ("Janssens;export;;FR", "country"),
        ("Janssens;be;NL004495445B01;BE", "vat_number"),
        ("Janssens;mars;;BE", "vat_regime"),
        ("Janssens;be;;XX", "country"),  # not an ISO 3166 code ("BEL", the three-letter code, is Belgium)
        ("Janssens;be;;12", "country"),  # a number is no country, not even ISO's numeric code
    ],
)
def test_the_rules_of_the_company_form_apply_to_each_row(assistant, line, column):
    preview = import_preview(content=csv_bytes("company_name;vat_regime;vat_number;country", line), actor=assistant)

    assert column in errors_of(preview, 2)


def test_a_private_person_may_have_a_longer_payment_term(assistant):
    content = csv_bytes("company_name;vat_regime;payment_days", "Jan Jansen;private;90")

    assert import_preview(content=content, actor=assistant).is_valid


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n;;\r\n", "empty"),
        (csv_bytes("company_name;contact_last_name"), "no rows"),
        (csv_bytes("name_of_company;contact_last_name", "Janssens;An"), "company_name"),
        (csv_bytes("company_name;bedrijfsnaam", "Janssens;Janssens"), "keep one"),
        ("company_name\r\nBrasserie Müller Frères\r\n".encode("cp1252"), "UTF-8"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel"),
    ],
    ids=["empty", "blank-rows", "header-only", "no-company-column", "column-twice", "windows-1252", "xlsx"],
)
def test_a_file_that_cannot_be_imported_says_why(assistant, content, expected):
    with translation.override("en"):
        preview = import_preview(content=content, actor=assistant)

    assert not preview.is_valid
    assert preview.rows == []
    assert expected in " ".join(preview.file_errors)


def test_more_than_5000_rows_is_refused_as_a_whole(assistant):
    content = csv_bytes("company_name", *[f"Company {n}" for n in range(5001)])

    with translation.override("en"):
        preview = import_preview(content=content, actor=assistant)

    assert preview.rows == []
    assert "5001" in preview.file_errors[0]


def test_rows_of_one_company_must_agree_on_the_company_data(assistant):
    content = csv_bytes(
        "company_name;enterprise_number;city;contact_last_name;contact_email",
        f"Bakkerij Janssens;{JANSSENS};Gent;Janssens;an@janssens.be",
        "Bakkerij Janssens;;Brugge;Peeters;luc@janssens.be",  # another city
        f"Janssens Bakery;{JANSSENS};;Claes;els@janssens.be",  # same number, another name
        "Bakkerij Janssens;;;Janssens;AN@janssens.be",  # the same contact twice
        f"Garage Peeters;{PEETERS};;Peeters;",
        f"Bakkerij Janssens;{PEETERS};;Maes;",  # name of one company, number of another
    )

    preview = import_preview(content=content, actor=assistant)

    assert list(errors_of(preview, 3)) == ["city"]
    assert list(errors_of(preview, 4)) == ["company_name"]
    assert list(errors_of(preview, 5)) == ["contact_email"]
    assert "2, 6" in errors_of(preview, 7)[""]
    assert preview.rows_with_errors == 4


def test_an_accountant_may_not_import(accountant):
    with pytest.raises(PermissionDeniedError):
        import_preview(content=ENGLISH, actor=accountant)
    with pytest.raises(PermissionDeniedError):
        import_commit(content=ENGLISH, actor=accountant)


# --- commit ---------------------------------------------------------------------------------------------------


def test_a_valid_file_creates_the_companies_their_contacts_roles_and_tags(assistant):
    Tag.objects.create(name="horeca")

    result = import_commit(content=DUTCH, actor=assistant)

    assert (result.companies_created, result.contacts_created, result.contacts_added_to_existing) == (3, 3, 0)
    janssens = Company.objects.get(name="Bakkerij Janssens")
    assert (janssens.kind, janssens.enterprise_number, janssens.owner) == ("customer", "0412345614", assistant)
    assert janssens.became_customer_at is not None
    assert sorted(tag.name for tag in janssens.tags.all()) == ["Key account", "horeca"]  # existing tag reused
    contacts = {c.last_name: c for c in janssens.contacts.all()}
    assert sorted(contacts) == ["Janssens", "Peeters"]
    assert sorted(r.role for r in contacts["Janssens"].roles.all()) == ["buyer", "decision_maker"]
    assert [r.role for r in contacts["Peeters"].roles.all()] == ["accounting"]
    peeters = Company.objects.get(name="Garage Peeters")
    assert (peeters.kind, peeters.language) == ("prospect", "fr")
    assert peeters.contacts.get().language == "fr"  # the company's language when the row gives none
    claes = Company.objects.get(name="Drukkerij Claes")
    assert claes.contacts.count() == 0
    assert [tag.name for tag in claes.tags.all()] == ["horeca"]
    assert Tag.objects.count() == 2


def test_a_row_with_the_number_of_an_existing_company_adds_its_contact_to_that_company(assistant):
    existing = CompanyFactory(name="Janssens NV", enterprise_number=EXISTING.replace(".", ""), city="Gent")
    ContactFactory(company=existing, first_name="An", last_name="Janssens", email="an@janssens.be")
    content = csv_bytes(
        "company_name;vat_number;city;contact_first_name;contact_last_name;contact_email;contact_roles",
        f"Bakkerij Janssens;BE{EXISTING};Brugge;Luc;Peeters;luc@janssens.be;buyer",
        "Bakkerij Janssens;;;An;Janssens;AN@janssens.be;",
        "Bakkerij Janssens;;;;;;",
    )

    preview = import_preview(content=content, actor=assistant)

    assert preview.is_valid
    assert [row.action for row in preview.rows] == [
        RowAction.EXISTING_COMPANY,
        RowAction.CONTACT_EXISTS,
        RowAction.NOTHING_TO_ADD,
    ]
    assert "Janssens NV" in preview.rows[0].action_label
    assert (preview.companies_new, preview.contacts_added_to_existing, preview.rows_skipped) == (0, 1, 2)

    result = import_commit(content=content, actor=assistant)

    assert (result.companies_created, result.contacts_added_to_existing, result.rows_skipped) == (0, 1, 2)
    assert Company.objects.count() == 1
    existing.refresh_from_db()
    assert existing.city == "Gent"  # the company file is left as it is
    assert sorted(c.last_name for c in existing.contacts.all()) == ["Janssens", "Peeters"]
    assert [r.role for r in existing.contacts.get(last_name="Peeters").roles.all()] == ["buyer"]


def test_an_enterprise_number_finds_a_company_stored_with_only_its_belgian_vat_number(assistant):
    existing = CompanyFactory(name="Maes NV", vat_number=f"BE{EXISTING.replace('.', '')}", vat_regime="eu")
    ContactFactory(company=existing, first_name="Els", last_name="Maes", email="els@maes.be")
    content = csv_bytes(
        "company_name;enterprise_number;contact_first_name;contact_last_name",
        f"Brouwerij Maes;{EXISTING};Els;Maes",  # no e-mail: recognised by name
        f"Brouwerij Maes;{EXISTING};Jo;Maes",
    )

    preview = import_preview(content=content, actor=assistant)

    assert [row.action for row in preview.rows] == [RowAction.CONTACT_EXISTS, RowAction.EXISTING_COMPANY]
    import_commit(content=content, actor=assistant)
    assert sorted(c.first_name for c in existing.contacts.all()) == ["Els", "Jo"]
    assert existing.contacts.get(first_name="Jo").language == existing.language


def test_a_file_of_one_column_with_commas_in_the_names_reads_as_semicolon_separated(assistant):
    content = csv_bytes("company_name", "Janssens, Peeters & Co", "Maes, Claes", delimiter="!")

    preview = import_preview(content=content, actor=assistant)

    assert preview.delimiter == ";"
    assert [row.company_name for row in preview.rows] == ["Janssens, Peeters & Co", "Maes, Claes"]


def test_a_company_with_the_same_name_but_no_number_is_created_with_a_warning(assistant):
    CompanyFactory(name="Bakkerij Janssens BV")

    preview = import_preview(content=csv_bytes("company_name", "Bakkerij Janssens"), actor=assistant)

    assert preview.is_valid
    assert preview.rows[0].action == RowAction.NEW_COMPANY
    assert "Bakkerij Janssens BV" in preview.rows[0].warnings[0]


def test_when_a_service_refuses_a_row_at_commit_nothing_stays(assistant, monkeypatch):
    """The preview passed, then the data changed before the confirmation: the commit stops and names the row."""
    from customers import imports

    real_contact_save, saved = imports.contact_save, []

    def refuse_the_second_contact(**kwargs):
        if saved:
            raise ValidationError({"email": "refused"})
        saved.append(real_contact_save(**kwargs))

    monkeypatch.setattr(imports, "contact_save", refuse_the_second_contact)

    with pytest.raises(DomainError) as refused:
        import_commit(content=ENGLISH, actor=assistant)

    assert "3" in str(refused.value)
    assert "contact_email: refused" in str(refused.value)
    assert saved
    assert Company.objects.count() == Contact.objects.count() == 0


# --- screens --------------------------------------------------------------------------------------------------


def upload(client, content: bytes, name: str = "klanten.csv"):
    return client.post(reverse("customers:company-import"), {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_upload_preview_confirm_imports_in_the_background_and_shows_the_result(
    assistant_client, django_capture_on_commit_callbacks
):
    page = assistant_client.get(reverse("customers:company-import"))
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()
    assert "The page sets" not in page.content.decode()  # the template's own comment stays out of the page

    preview_page = upload(assistant_client, DUTCH)

    assert preview_page.status_code == 200
    assert preview_page.context["preview"].is_valid
    html = preview_page.content.decode()
    assert 'name="confirm"' in html
    assert "Bakkerij Janssens" in html
    assert Company.objects.count() == 0
    stored = assistant_client.session[SESSION_KEY]
    assert base64.b64decode(stored["content"]) == DUTCH

    with django_capture_on_commit_callbacks(execute=True):
        done = assistant_client.post(reverse("customers:company-import"), {"confirm": "1", "digest": stored["digest"]})

    job = CompanyImport.objects.get()
    assert done.status_code == 302
    assert done.url == reverse("customers:company-import-detail", args=[job.pk])
    assert (job.status, job.rows, job.result["companies_created"]) == ("done", 4, 3)
    status_page = assistant_client.get(done.url).content.decode()
    assert "3 nieuwe bedrijven" in status_page
    assert "every 2s" not in status_page  # finished: the page stops asking
    assert Company.objects.count() == 3
    assert Contact.objects.count() == 3
    assert SESSION_KEY not in assistant_client.session
    # Confirming twice imports nothing more.
    again = assistant_client.post(reverse("customers:company-import"), {"confirm": "1", "digest": stored["digest"]})
    assert again.status_code == 302
    assert again.url == reverse("customers:company-import")
    assert Company.objects.count() == 3


def test_a_file_with_errors_shows_them_without_a_confirm_button(assistant_client):
    content = csv_bytes("company_name;enterprise_number", "Janssens;0412.345.615")

    response = upload(assistant_client, content)

    assert response.status_code == 400
    html = response.content.decode()
    assert "table-danger" in html
    assert "enterprise_number" in html
    assert 'name="confirm"' not in html
    assert SESSION_KEY not in assistant_client.session


def test_a_file_not_in_utf8_gets_a_clear_message(assistant_client):
    response = upload(assistant_client, "company_name\r\nSociété Générale\r\n".encode("cp1252"))

    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()


def test_only_csv_files_up_to_2_mb_are_accepted(assistant_client):
    assert upload(assistant_client, DUTCH, name="klanten.xlsx").status_code == 400
    too_big = csv_bytes("company_name", *["Janssens" + "x" * 100] * 21000)
    response = upload(assistant_client, too_big)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_a_confirm_with_another_digest_imports_nothing(assistant_client):
    upload(assistant_client, DUTCH)

    response = assistant_client.post(reverse("customers:company-import"), {"confirm": "1", "digest": "0" * 64})

    assert response.status_code == 302
    assert response.url == reverse("customers:company-import")
    assert Company.objects.count() == 0


def test_the_template_file_opens_in_excel_and_imports_as_it_is(assistant_client, assistant):
    response = assistant_client.get(reverse("customers:company-import-template"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines()[0].startswith("bedrijfsnaam;")  # the user's language: Dutch
    preview = import_preview(content=content, actor=assistant)
    assert preview.is_valid
    assert [row.action for row in preview.rows] == [RowAction.NEW_COMPANY, RowAction.SAME_COMPANY]


def test_an_accountant_gets_403_on_the_import_screens(client, accountant):
    client.force_login(accountant)

    assert client.get(reverse("customers:company-import")).status_code == 403
    assert upload(client, DUTCH).status_code == 403
    assert client.get(reverse("customers:company-import-template")).status_code == 403
    assert Company.objects.count() == 0


def test_a_queued_import_runs_once_and_fails_whole_when_it_may_no_longer_run(assistant):
    from customers.imports import company_import_queue, company_import_run

    job = company_import_queue(content=DUTCH, filename="klanten.csv", actor=assistant)
    assert job.status == "queued"
    # Before the worker runs, the assistant's role is taken away.
    assistant.groups.clear()

    company_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error
    assert company_import_run(job_id=job.pk) is None  # delivered twice: nothing happens
    assert Company.objects.count() == 0
