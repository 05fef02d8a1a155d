"""Forms for a meeting's life: its agenda items, papers' versions and withdrawals, rescheduling
and cancelling, attendance in every capacity, and approving the minutes. Actions do the domain
checks (``rules``); these check shape."""

from __future__ import annotations

from django import forms

from engineroom.governance.actions import Attendee
from engineroom.governance.forms import (
    MEETING_DATES,
    ActionForm,
    ItemForm,
    MinutesForm,
    PersonChoiceField,
)
from engineroom.governance.models import AgendaItem, AttendanceStatus, Capacity
from engineroom.web.forms import (
    BoundedDateField,
    BoundedDateTimeField,
    BoundedIntegerField,
    NHSFormMixin,
)

MAX_OTHERS = 40  # officers or guests named on one meeting's attendance


class AgendaItemForm(ItemForm):
    """An item, added or edited: what it is for, who presents it and its time on the agenda."""

    presenter = PersonChoiceField(required=False, help_text="Who presents the item.")
    minutes_allotted = BoundedIntegerField(
        label="Minutes allotted", min_value=1, max_value=480, required=False
    )
    start_time = forms.TimeField(
        label="Start time (optional)",
        help_text="Only if the item must start at a set time, for example 10:30.",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    field_order = [
        "title",
        "purpose",
        "presenter",
        "minutes_allotted",
        "start_time",
        "confidential",
        "key_decision",
        "organisations",
    ]


class ReasonForm(NHSFormMixin, forms.Form):
    reason = forms.CharField(max_length=300, help_text="Shown with the record.")


class MoveForm(NHSFormMixin, forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class RescheduleForm(NHSFormMixin, forms.Form):
    starts_at = BoundedDateTimeField(
        **MEETING_DATES,
        label="New date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(
        label="Reason for the change", max_length=300, help_text="Given in the notice."
    )


class ApprovalForm(NHSFormMixin, forms.Form):
    on = BoundedDateField(
        **MEETING_DATES,
        label="Date of the meeting that approved them",
        help_text="Minutes are approved at a later meeting of the same body.",
    )


def _people(text: str, field: str, capacity: str) -> list[Attendee]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_OTHERS:
        raise forms.ValidationError(f"Name at most {MAX_OTHERS} people, one a line.", code=field)
    people = []
    for number, line in enumerate(lines, start=1):
        name, _, role = (part.strip() for part in line.partition(","))
        if not name or not role:
            raise forms.ValidationError(
                f"Line {number} (“{line[:60]}”): write the name, a comma, then the role."
            )
        if len(name) > 200 or len(role) > 200:
            raise forms.ValidationError(f"Line {number}: a name or role is over 200 characters.")
        people.append(Attendee(name, role, capacity))
    return people


class MeetingAttendanceForm(NHSFormMixin, forms.Form):
    """One choice per member (voting or not) named ``person-<id>``; a blank choice is not
    recorded. Officers in attendance and guests are named one a line: "Name, role"."""

    officers = forms.CharField(
        label="Officers in attendance",
        help_text="One a line: name, a comma, then their role.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
        required=False,
    )
    guests = forms.CharField(
        label="Guests",
        help_text="One a line: name, a comma, then their role or organisation.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
        required=False,
    )

    def __init__(self, *args, members, attendance, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
        attendance = list(attendance)
        recorded = {a.person_id: a.status for a in attendance if a.person_id}
        choices = [("", "Not recorded"), *AttendanceStatus.choices]
        self.members = {}
        for m in members:
            name = f"person-{m.person_id}"
            where = m.organisation.name if m.organisation else "Independent"
            kind = "" if m.voting else ", non-voting"
            self.fields[name] = forms.ChoiceField(
                label=f"{m.person.name} ({where}{kind})",
                choices=choices,
                required=False,
                initial=recorded.get(m.person_id, ""),
                widget=forms.Select(attrs={"class": "nhsuk-select"}),
            )
            self.members[name] = m.person
        for key, capacity in (("officers", Capacity.OFFICER), ("guests", Capacity.GUEST)):
            named = [a for a in attendance if a.capacity == capacity]
            self.fields[key].initial = "\n".join(f"{a.name}, {a.role}" for a in named)
        self.order_fields([*self.members, "officers", "guests"])

    def clean_officers(self):
        return _people(self.cleaned_data["officers"], "officers", Capacity.OFFICER)

    def clean_guests(self):
        return _people(self.cleaned_data["guests"], "guests", Capacity.GUEST)

    def clean(self):
        """Adds ``statuses`` (Person -> status, those not recorded left out) and ``others``."""
        data = super().clean()
        chosen = {name: data.get(name) for name in self.members}
        data["statuses"] = {self.members[name]: value for name, value in chosen.items() if value}
        data["others"] = [*data.get("officers", []), *data.get("guests", [])]
        return data


def draft_text(item) -> str:
    """How an item's minutes start: who presented it, and what for."""
    purpose = item.get_purpose_display().lower()
    if item.presenter:
        return f"{item.presenter.name} presented the item ({purpose})."
    return f"The item was taken {purpose}."


class DraftMinutesForm(MinutesForm):
    """The minutes form drafted from the agenda: an item not yet minuted starts with its
    presenter and purpose (its title heads its fieldset)."""

    def __init__(self, *args, items, minutes, **kwargs):
        super().__init__(*args, items=items, minutes=minutes, **kwargs)
        for item in self.items:
            if item.pk not in minutes:
                self.fields[f"item-{item.pk}-discussion"].initial = draft_text(item)


class MeetingActionForm(ActionForm):
    """An action the meeting set, under the item it arose from (if any)."""

    item = forms.ModelChoiceField(
        label="Arising from item (optional)", queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
