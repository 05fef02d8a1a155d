"""S8: a declared interest in a provider is flagged on its agenda items and recorded in minutes."""

from django.urls import reverse

from engineroom.governance.models import Meeting

MAIN = "vale-downs"


def test_flagged_before_the_meeting_and_recorded_in_the_minutes(client_for):
    client = client_for("governance")
    meeting = Meeting.objects.filter(body__code="unified-executive", status="scheduled").first()
    url = reverse("governance:meeting", args=[MAIN, meeting.pk])
    page = client.get(url).content.decode()
    conflicts = page[page.index('id="conflicts"') :]
    assert "Item 3 (Elective recovery: Treatment Centre contract)" in conflicts
    assert "financial interest in Vale and Downs Treatment Centre Ltd" in conflicts
    assert "not yet declared" in conflicts
    members = client.get(url).context["members"]
    client.post(
        reverse("governance:attendance", args=[MAIN, meeting.pk]),
        {f"person-{m.person_id}": "present" for m in members},
    )
    item = meeting.items.get(number=3)
    minutes = {f"item-{item.pk}-discussion": "Discussed.", f"item-{item.pk}-resolved": "Agreed."}
    client.post(reverse("governance:minutes", args=[MAIN, meeting.pk]), minutes)
    page = client.get(url).content.decode()
    declarations = page[page.index('id="declarations"') :]
    assert "Item 3:" in declarations and "Leaves the meeting" in declarations
    pack = client.get(reverse("governance:pack", args=[MAIN, meeting.pk]))
    assert pack.content.startswith(b"%PDF")


def test_readers_without_edit_do_not_see_part_2_and_the_register_is_published(client_for, client):
    meeting = Meeting.objects.filter(body__code="unified-executive", status="scheduled").first()
    page = client_for("regulator").get(reverse("governance:meeting", args=[MAIN, meeting.pk]))
    assert "Contract negotiations" not in page.content.decode()
    client.logout()
    public = client.get(reverse("governance:public-body", args=[MAIN, "unified-executive"]))
    assert "Shareholding in the treatment centre" in public.content.decode()


def test_declaring_an_interest_through_the_page_with_bad_input(client_for):
    client = client_for("governance")
    form = client.get(reverse("governance:interest-add", args=[MAIN])).context["form"]
    person = form.fields["person"].queryset.first()
    response = client.post(
        reverse("governance:interest-add", args=[MAIN]),
        {
            "person": person.pk,
            "kind": "gift",
            "counterparty": "Supplier",
            "description": "Voucher",
            "value": "20",
            "cash": "on",
            "start_date": "2025-01-10",
            "declared_on": "2025-01-01",
        },
    )
    text = response.content.decode()
    assert "Cash and vouchers must be refused" in text
    assert "An interest cannot be declared before it arose" in text
    assert 'class="nhsuk-error-summary"' in text
