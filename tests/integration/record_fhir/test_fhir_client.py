"""A published FHIR client (fhirpy's SyncFHIRClient) against the running server: search,
read, includes, paging through searches and Patient/$everything by the Bundles' own links."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import ForbiddenError

from engineroom.record.fhir.tokens import issue_token

from .conftest import NHS, OTHER, validate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fhir_client(live_server, gp):
    token = issue_token(gp, "user/*.read")
    return SyncFHIRClient(f"{live_server.url}/fhir", authorization=f"Bearer {token}")


def test_fhirpy_searches_reads_and_pages(fhir_client):
    people = fhir_client.resources("Patient").search(identifier=NHS).fetch_all()
    assert [p.id for p in people] == [NHS]
    patient = fhir_client.reference("Patient", NHS).to_resource()
    assert patient["birthDate"] == "1940-05-02"
    encounters = fhir_client.resources("Encounter").search(patient=NHS).limit(1).fetch_all()
    assert len(encounters) == 3  # one a page, three pages followed by their next links
    condition = fhir_client.resources("Condition").search(patient=NHS).first()
    read = fhir_client.reference("Condition", condition.id).to_resource()
    assert read.serialize() == condition.serialize()
    assert fhir_client.resources("Condition").search(patient=NHS, date="ge2025").count() == 1
    for resource in (patient, read):
        validate(resource.serialize())


def test_fhirpy_pages_everything(fhir_client):
    page = fhir_client.execute(f"Patient/{NHS}/$everything", method="get", params={"_count": 5})
    ids = []
    while True:
        validate(page)
        ids += [e["resource"]["id"] for e in page["entry"] if e["search"]["mode"] == "match"]
        following = [link["url"] for link in page["link"] if link["relation"] == "next"]
        if not following:
            break
        link = urlsplit(following[0])
        path = link.path.split("/fhir/", 1)[1]
        page = fhir_client.execute(path, method="get", params=dict(parse_qsl(link.query)))
    assert len(ids) == page["total"] == 11 and ids[0] == NHS


def test_fhirpy_sees_refusals_as_forbidden_with_the_rules_words(fhir_client):
    with pytest.raises(ForbiddenError) as refused:
        fhir_client.reference("Patient", OTHER).to_resource()  # registered elsewhere
    assert "no legitimate relationship" in str(refused.value)
