"""What the governance lead asked for: the names behind "N members have not made a return",
pickers that tell people of one name apart, a ratifying-board picker offering only the boards
still to act, and a decision's history in plain English."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from engineroom.audit import actions as audit
from engineroom.audit.models import AuditEvent
from engineroom.governance import history
from engineroom.governance.models import Decision
from engineroom.web.periods import financial_year_of
from factories.governance import AnnualReturnFactory, MemberFactory
from factories.system import PersonFactory, RoleAssignmentFactory, organisation_in

TODAY = dt.date.today()


def text(response) -> str:
    return " ".join(response.content.decode().split())


# --- Returns still due: the names to chase --------------------------------------------------------
def test_members_still_to_make_a_return_are_named_with_role_organisation_and_body(
    world, member, signed_in
):
    AnnualReturnFactory(person=world.people[0], system=world.system, year=financial_year_of(TODAY))
    reader, code = signed_in(member("system_leader")), world.system.code
    page = text(reader.get(reverse("governance:interests", args=[code])))
    assert "4 members of the system's bodies have not yet made a return" in page
    due = page[page.index('id="due-list"') : page.index("</table>", page.index('id="due-list"'))]
    assert world.people[0].name not in due  # made a return
    for person in (world.chair, *world.people[1:]):
        assert f">{person.name}</th>" in due
    assert "Chair of" in due and "System Leadership Group" in due
    assert "Shire County Council" in due and "Independent" in due
    body = reverse("governance:body", args=[code, "unified-executive"])
    assert f'href="{body}#members"' in due
    health = text(reader.get(reverse("governance:health", args=[code])))
    assert "Members who have made this year&#x27;s declaration of interests" in health
    assert "(4 still due)" in health and 'href="#due-heading"' in health
    assert f">{world.chair.name}</th>" in health


def test_the_chasing_list_downloads_as_a_workbook_with_a_row_per_seat(world, member, signed_in):
    reader, code = signed_in(member("system_leader")), world.system.code
    response = reader.get(reverse("governance:due-xlsx", args=[code]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Reference", "Body", "Role", "Organisation")
    director = world.people[2]  # a member of the executive and the place board
    theirs = [r for r in rows[1:] if r[1] == director.ref]
    assert {r[2] for r in theirs} == {"Unified Executive Group", world.bodies.place.name}
    assert {r[4] for r in theirs} == {"Shire County Council"}
    assert len({r[1] for r in rows[1:]}) == 5  # the chair and the four directors


# --- People of one name told apart ----------------------------------------------------------------
def _three_ben_hughes(world):
    vale = organisation_in(world.system, name="Vale Hospitals NHS FT", kind="acute")
    first = PersonFactory(name="Ben Hughes")
    RoleAssignmentFactory(person=first, role="chief_executive", system=None, organisation=vale)
    second = PersonFactory(name="Ben Hughes")
    MemberFactory(body=world.bodies.finance, person=second, organisation=world.orgs.council)
    third = PersonFactory(name="Ben Hughes")  # no role: told apart by reference
    return first, second, third


def test_person_pickers_label_people_of_one_name_apart(world, member, signed_in):
    first, second, third = _three_ben_hughes(world)
    twin = PersonFactory(name="Ben Hughes")  # same name, no role either: both get a reference
    editor, code = signed_in(member("governance")), world.system.code
    for url in (
        reverse("governance:interest-add", args=[code]),
        reverse("governance:return-add", args=[code]),
        reverse("governance:member-add", args=[code, "finance-group"]),
    ):
        page = editor.get(url).content.decode()
        labels = {
            p: page[page.index(f'value="{p.pk}"') :].split(">", 1)[1].split("</option>")[0]
            for p in (first, second, third, twin)
        }
        assert labels[first] == "Ben Hughes — Chief executive, Vale Hospitals NHS FT", url
        assert labels[second] == "Ben Hughes — Member of Finance Group, Shire County Council"
        assert labels[third] == f"Ben Hughes ({third.ref})"
        assert len(set(labels.values())) == 4


# --- The ratifying-board picker -------------------------------------------------------------------
def test_the_partner_picker_offers_only_the_boards_still_to_ratify(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    waiting = world.decisions.waiting
    page = editor.get(reverse("governance:decision", args=[code, waiting.pk])).content.decode()
    picker = page[
        page.index('name="partner-organisation"') : page.index(
            "</select>", page.index('name="partner-organisation"')
        )
    ]
    assert picker.count("<option") == 2  # the blank choice and the one board still to act
    assert world.orgs.hospital.name in picker
    for done in (world.orgs.trust, world.orgs.council, world.orgs.icb, world.orgs.centre):
        assert done.name not in picker
    url = reverse("governance:decision-partner", args=[code, waiting.pk])
    refused = editor.post(
        url,
        {
            "partner-organisation": world.orgs.trust.pk,
            "partner-outcome": "ratified",
            "partner-on": TODAY,
        },
    )
    message = "The partners still to decide are: General Hospital NHS Trust."
    assert refused.status_code == 200 and message in refused.content.decode()
    assert 'href="#id_partner-organisation"' in refused.content.decode()


# --- A decision's history in plain English --------------------------------------------------------
def test_a_decisions_history_reads_as_sentences_not_key_value_pairs(world, member, signed_in):
    editor, code = signed_in(member("governance", full_name="Jo Smith")), world.system.code
    orgs = world.orgs
    editor.post(
        reverse("governance:decision-new", args=[code]),
        {
            "body": world.bodies.executive.pk,
            "reference": "VD-100",
            "title": "Frailty service",
            "category": "clinical_pathway",
            "value": "250000",
            "proposed_on": (TODAY - dt.timedelta(days=3)).isoformat(),
            "organisations": [orgs.hospital.pk, orgs.council.pk],
        },
    )
    decision = Decision.objects.get(reference="VD-100")
    decision_url = reverse("governance:decision", args=[code, decision.pk])
    editor.post(reverse("governance:decision-agree", args=[code, decision.pk]), {"agree-on": TODAY})
    editor.post(
        reverse("governance:decision-partner", args=[code, decision.pk]),
        {
            "partner-organisation": orgs.hospital.pk,
            "partner-outcome": "ratified",
            "partner-on": TODAY,
        },
    )
    audit.record(
        "governance.decision_reviewed",
        audit.subject(decision),
        by=None,
        details={"next_review": "2027"},
    )
    page = text(editor.get(decision_url))
    found = page[page.index('id="history">') + len('id="history">') :]
    found = found[: found.index("</ul>")]
    today = f"{TODAY.day} {TODAY:%B %Y}"
    assert "Proposed to the Unified Executive Group, worth £250,000" in found
    assert (
        f"Agreed by the Unified Executive Group on {today}, recorded by Jo Smith; 2 partner boards to ratify."
        in found
    )
    assert (
        f"Ratified by General Hospital NHS Trust board on {today}, recorded by Jo Smith." in found
    )
    assert "Decision reviewed by system (next review: 2027)." in found
    words = re.sub(r"<[^>]+>", " ", found)
    assert "=" not in words and "governance." not in words
    assert "Ratified by General Hospital NHS Trust at its board" in page  # the timeline


def test_an_unknown_action_is_still_written_readably():
    event = AuditEvent(
        action="governance.decision_re_scoped",
        actor_name="Jo Smith",
        details={"scope_note": "Place only", "empty": ""},
    )
    assert history.readable(event) == "Decision re scoped by Jo Smith (scope note: Place only)"
