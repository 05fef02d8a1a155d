"""The workspace through its pages: a consultation created, a question added, opened; a file
uploaded, its columns confirmed and imported; themes proposed, accepted and mapped. Those who
only see consultations get the list (without drafts) and are refused the rest."""

import pytest

from engineroom.engagement.actions import consultations
from engineroom.engagement.models import Consultation, ResponseImport, Status
from engineroom.population.consult import generate

pytestmark = pytest.mark.django_db
N = 200


@pytest.fixture(autouse=True)
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def analyst(member, signed_in):
    return signed_in(member("analyst"))


def _base(system):
    return f"/systems/{system.code}/consultations"


def test_an_analyst_creates_a_consultation_and_opens_it(system, analyst):
    base = _base(system)
    assert analyst.get(f"{base}/new/").status_code == 200
    made = analyst.post(
        f"{base}/new/",
        {
            "title": "Urgent care",
            "slug": "urgent-care",
            "description": "Our plans.",
            "standard_questions": "on",
        },
    )
    assert made.status_code == 302 and made.url == f"{base}/urgent-care/"
    page = analyst.get(made.url).content.decode()
    assert "nhsuk-task-list" in page and "What is your age?" in page
    added = analyst.post(
        f"{base}/urgent-care/questions/new/",
        {"kind": "closed", "text": "Do you agree?", "options": "Agree\nDisagree"},
    )
    assert added.status_code == 302
    refused = analyst.post(
        f"{base}/urgent-care/questions/new/", {"kind": "closed", "text": "One?", "options": "Yes"}
    )
    assert "two options or more" in refused.content.decode()
    opened = analyst.post(f"{base}/urgent-care/status/", {"status": "open"}, follow=True)
    assert "now open for responses" in opened.content.decode()
    published = analyst.post(f"{base}/urgent-care/status/", {"status": "published"}, follow=True)
    assert "cannot be made" in published.content.decode()
    assert Consultation.objects.get(slug="urgent-care").status == Status.OPEN
    assert "Urgent care" in analyst.get(f"{base}/").content.decode()


@pytest.fixture
def consultation(system):
    from factories.system import PlaceFactory

    for code, name in generate.people.PLACES:
        PlaceFactory(system=system, code=code.lower(), name=name)
    return consultations.create_consultation(
        system,
        title="Hospitals",
        slug="hospitals",
        description="x",
        standard_questions=True,
        by=None,
    )


def test_a_file_is_uploaded_mapped_imported_and_themed(system, consultation, analyst, var):
    base = f"{_base(system)}/hospitals"
    path = generate.write_csv(generate.consultation(N, seed=2), var / "export.csv")
    with path.open("rb") as handle:
        uploaded = analyst.post(f"{base}/import/", {"file": handle})
    done = ResponseImport.objects.get()
    assert uploaded.status_code == 302 and uploaded.url == f"{base}/import/{done.pk}/map/"
    mapping_page = analyst.get(uploaded.url).content.decode()
    assert 'value="question:age-band" selected' in mapping_page
    form = {f"column_{i}": done.mapping[name] for i, name in enumerate(done.columns)}
    imported = analyst.post(uploaded.url, form)
    assert imported.url == f"{base}/import/{done.pk}/"
    result = analyst.get(imported.url).content.decode()
    assert "Rows read" in result and "200" in result and "Email addresses" in result

    question = consultation.questions.filter(kind="free_text").first()
    themes_url = f"{base}/questions/{question.key}/themes/"
    assert analyst.post(themes_url, {"step": "propose"}).status_code == 302
    page = analyst.get(themes_url).content.decode()
    assert "Top terms" in page and "Representative answers" in page
    first = question.themes.first()
    accepted = analyst.post(themes_url, {"step": "accept", "themes": [str(first.pk)]}, follow=True)
    assert "1 themes accepted" in accepted.content.decode()
    mapped = analyst.post(themes_url, {"step": "map"}, follow=True)
    assert "Answers mapped" in mapped.content.decode()
    nothing = analyst.post(themes_url, {"step": "merge", "themes": [str(first.pk)]})
    assert "Choose two themes or more" in nothing.content.decode()
    detail = analyst.get(f"{base}/").content.decode()
    assert "export.csv" in detail and "Personal data taken out" in detail
    assert "exact counts, for reconciliation" in detail  # the analyst's; published are rounded
    assert "published counts are rounded" in result


def test_a_file_that_cannot_be_read_is_a_message_on_the_form(system, consultation, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    empty = SimpleUploadedFile("empty.csv", b"Response ID\n", content_type="text/csv")
    page = analyst.post(f"{_base(system)}/hospitals/import/", {"file": empty})
    assert page.status_code == 200 and "no responses under the header" in page.content.decode()


def test_seeing_is_not_running(system, consultation, member, signed_in, client):
    finance = signed_in(member("finance"))
    listing = finance.get(f"{_base(system)}/")
    assert listing.status_code == 200 and "Hospitals" not in listing.content.decode()  # a draft
    for path in ("hospitals/", "new/", "hospitals/import/", "hospitals/questions/new/"):
        assert finance.get(f"{_base(system)}/{path}").status_code == 403, path
    assert finance.post(f"{_base(system)}/hospitals/status/", {"status": "open"}).status_code == 403
    client.logout()
    assert client.get(f"{_base(system)}/").status_code == 302


def test_what_is_not_there_is_not_found(system, consultation, member, signed_in):
    analyst = signed_in(member("analyst"))
    assert analyst.get(f"{_base(system)}/nothing-here/").status_code == 404
    assert (
        analyst.get(f"{_base(system)}/hospitals/import/999999999999999999999/").status_code == 404
    )
    assert analyst.get(f"{_base(system)}/hospitals/questions/nope/themes/").status_code == 404
