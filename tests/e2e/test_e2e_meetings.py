"""The board secretary runs meetings in the browser: records who came (voting members, a
non-voting member, an officer in attendance) and reads the quorum in plain words; reschedules
one meeting and cancels another, each with its reason; drafts minutes from the agenda and has
them approved at a later meeting of the body; then reads who still owes this year's return of
interests. Plain forms throughout (no script needed); each page passes axe (WCAG 2.2 AA)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
GOVERNANCE = "/systems/vale-downs/governance"
OFFICER = "Priya Lowe, Head of Governance"
APPROVED_ON = "Date of the meeting that approved them"


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _submit(page, fields: dict[str, str], button: str = "Save") -> None:
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def _open_upcoming(page, body: str) -> str:
    """Open the body's next meeting from the meetings list; its date as the heading gives it."""
    page.goto(f"{GOVERNANCE}/meetings/")
    page.locator("#upcoming tr", has_text=body).first.get_by_role("link").click()
    page.wait_for_load_state()
    return page.get_by_role("heading", level=1).inner_text().split(": ", 1)[1]


def _record_attendance(page, voting: int, non_voting: bool = False, officer: str = "") -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Record attendance"))
    members = form.get_by_role("combobox", name=re.compile(r"^(?!.*non-voting)"))
    for n in range(voting):
        members.nth(n).select_option("present")
    if non_voting:
        form.get_by_role("combobox", name=re.compile("non-voting")).select_option("present")
    form.get_by_label("Officers in attendance", exact=True).fill(officer)
    form.get_by_role("button", name="Record attendance").click()
    page.wait_for_load_state()


def test_the_secretary_records_attendance_and_reschedules_and_cancels_meetings(
    page, sign_in, assert_accessible
):
    sign_in("governance")
    _open_upcoming(page, "Unified Executive Group")
    _record_attendance(page, voting=5, non_voting=True, officer=OFFICER)
    quorum = page.locator("#quorum").inner_text()
    assert re.search(r"Quorate: 5 of \d+ voting members present; the quorum is \d+", quorum)
    expect(page.get_by_label("Officers in attendance", exact=True)).to_have_value(OFFICER)
    assert_accessible(page)

    was, at = _open_upcoming(page, "Finance Group").rsplit(" ", 1)
    page.get_by_role("link", name="Reschedule the meeting").click()
    assert_accessible(page)
    moved_to = dt.date.today() + dt.timedelta(days=75)
    reason = "The chair is at the national finance conference."
    _submit(page, {"New date and time": f"{moved_to}T10:00", "Reason for the change": reason})
    expect(page.get_by_text("The meeting is rescheduled")).to_have_count(1)
    expect(page.locator("#rescheduled")).to_contain_text(f"{was}, {at}. Reason: {reason}")
    assert_accessible(page)

    cancelled = _open_upcoming(page, "Clinical Delivery Group").rsplit(" ", 1)[0]
    page.get_by_role("link", name="Cancel the meeting").click()
    assert_accessible(page)
    _submit(page, {"Reason": "Most members are at the winter planning summit."})
    expect(page.locator("#cancelled")).to_contain_text("winter planning summit")
    page.goto(f"{GOVERNANCE}/meetings/")
    row = page.locator("#upcoming tr", has_text="Clinical Delivery Group").filter(
        has_text=cancelled
    )
    expect(row).to_contain_text("Cancelled")
    moved = page.locator("#upcoming tr", has_text="Finance Group").filter(has_text="Rescheduled")
    expect(moved).to_contain_text(f"(was {was.rsplit(' ', 1)[0]})")
    assert_accessible(page)


def _schedule(page, body: str, day: dt.date) -> None:
    page.goto(f"{GOVERNANCE}/bodies/{body}/")
    page.get_by_role("link", name="Schedule a meeting").click()
    _submit(page, {"Date and time": f"{day}T16:00", "Location": "Online (extraordinary meeting)"})


def _add_presented_item(page, title: str) -> str:
    """Add an item with the first person offered as presenter; the presenter's name."""
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Purpose", exact=True).select_option("assurance")
    presenter = page.get_by_label("Presenter", exact=True)
    presenter.select_option(index=1)
    label = presenter.locator("option:checked").inner_text()  # "Name — role, organisation"
    _submit(page, {})
    return label.split(" — ")[0]


def test_minutes_drafted_from_the_agenda_are_approved_at_a_later_meeting(
    page, sign_in, assert_accessible
):
    # Demo meetings fall on working days: meet on a Saturday and again on the Monday, so the
    # Sunday between is the date of no meeting of the body.
    today = dt.date.today()
    sunday = today - dt.timedelta(days=today.weekday() + 8)
    held, later = sunday - dt.timedelta(days=1), sunday + dt.timedelta(days=1)
    sign_in("governance")
    _schedule(page, "finance-group", later)
    _schedule(page, "finance-group", held)
    page.get_by_role("link", name=_long(held), exact=True).click()
    presenter = _add_presented_item(page, "Winter pressures funding")
    _record_attendance(page, voting=3)

    page.get_by_role("link", name="Draft the minutes").click()
    expect(page.get_by_label("Item 1: discussion", exact=True)).to_have_value(
        f"{presenter} presented the item (for assurance)."
    )
    assert_accessible(page)
    _submit(page, {}, button="Save the draft minutes")
    page.get_by_role("link", name="Approve the minutes").click()
    expect(page.get_by_label(APPROVED_ON, exact=True)).to_have_value(later.isoformat())
    _submit(page, {APPROVED_ON: sunday.isoformat()})
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Minutes are approved at a later meeting of Finance Group"
    )
    assert_accessible(page)
    _submit(page, {APPROVED_ON: later.isoformat()})
    expect(page.get_by_role("heading", name=re.compile("^Minutes"))).to_contain_text("Approved")
    expect(page.get_by_text(f"Approved at the meeting of {_long(later)}.")).to_have_count(1)
    assert_accessible(page)

    page.goto(f"{GOVERNANCE}/interests/")
    due = page.locator("#due-list tbody tr").first
    name = due.get_by_role("rowheader").inner_text().strip()
    assert name
    assert " of " in due.get_by_role("cell").nth(0).inner_text()  # "Member of <body>"
    assert due.get_by_role("cell").nth(1).inner_text().strip()
    assert_accessible(page)
    page.get_by_role("link", name="Declare an interest").click()
    person = page.get_by_label("Person", exact=True)
    expect(person.locator("option", has_text=f"{name} — ")).not_to_have_count(0)
    assert_accessible(page)
