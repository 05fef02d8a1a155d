"""Forms for governance pages. Actions do the domain checks; forms check shape and scope."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue

from engineroom.governance import people, queries
from engineroom.governance.models import (
    AttendanceStatus,
    Body,
    Category,
    InterestKind,
    MemberRole,
    PartnerOutcome,
    Purpose,
)
from engineroom.system.models import Neighbourhood, Organisation, Person, Place
from engineroom.web import uploads
from engineroom.web.forms import (
    BoundedDateField,
    BoundedDateTimeField,
    BoundedIntegerField,
    MoneyField,
    NHSFormMixin,
    UploadField,
    years_from_today,
)

# Meetings, and the steps that follow them, fall from 2000 to ten years ahead.
MEETING_DATES = {"earliest": dt.date(2000, 1, 1), "latest": years_from_today(10)}


class PersonChoices(ModelChoiceIterator):
    """Choices labelled "Name — role, organisation", all labels worked out together so that
    people of one name are told apart (``people.person_labels``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        chosen = list(self.queryset)
        labels = people.person_labels(chosen)
        for p in chosen:
            yield ModelChoiceIteratorValue(self.field.prepare_value(p), p), labels[p.pk]


class PersonChoiceField(forms.ModelChoiceField):
    """A person picker; its form sets ``queryset`` to ``queries.people()`` when it is made."""

    iterator = PersonChoices

    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.none(), **kwargs)


class Scoped(NHSFormMixin, forms.Form):
    """Choices limited to the system: its organisations, bodies, places and neighbourhoods."""

    def __init__(self, *args, system, **kwargs):
        super().__init__(*args, **kwargs)
        self.system = system
        choices = {
            Organisation: queries.organisations(system),
            Body: queries.bodies(system),
            Place: queries.places(system),
            Neighbourhood: queries.neighbourhoods(system),
        }
        for f in self.fields.values():
            if isinstance(f, PersonChoiceField):
                f.queryset = queries.people()
            elif isinstance(f, forms.ModelChoiceField):
                f.queryset = choices.get(f.queryset.model, f.queryset)


class RouteForm(Scoped):
    category = forms.ChoiceField(choices=Category.choices)
    value = MoneyField(label="Value in pounds", min_value=0)
    places = forms.ModelMultipleChoiceField(
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for a proposal affecting the whole system.",
    )
    neighbourhood = forms.ModelChoiceField(
        queryset=Neighbourhood.objects.none(),
        required=False,
        help_text="Only if it affects a single neighbourhood.",
    )


class MemberForm(Scoped):
    person = PersonChoiceField()
    role = forms.ChoiceField(choices=MemberRole.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation represented", queryset=Organisation.objects.none(), required=False
    )
    voting = forms.BooleanField(required=False, initial=True)
    start_date = BoundedDateField()
    end_date = BoundedDateField(required=False)


class DelegationForm(Scoped):
    category = forms.ChoiceField(choices=Category.choices)
    limit = MoneyField(label="Financial limit in pounds", min_value=0)
    delegated_by = forms.ModelChoiceField(queryset=Body.objects.none(), required=False)
    source_organisation = forms.ModelChoiceField(
        label="Or delegated by the statutory organisation",
        queryset=Organisation.objects.none(),
        required=False,
    )
    source = forms.CharField(label="Instrument", max_length=200)
    requires_ratification = forms.BooleanField(required=False, initial=True)
    start_date = BoundedDateField()


class BodyForm(Scoped):
    code = forms.SlugField(max_length=60)
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Body._meta.get_field("kind").choices)
    level = forms.ChoiceField(choices=Body._meta.get_field("level").choices)
    place = forms.ModelChoiceField(queryset=Place.objects.none(), required=False)
    reports_to = forms.ModelChoiceField(queryset=Body.objects.none(), required=False)
    terms_of_reference = forms.CharField(widget=forms.Textarea, required=False)
    terms_published = forms.BooleanField(required=False)
    quorum_minimum = BoundedIntegerField(min_value=1, max_value=50)
    cadence = forms.ChoiceField(choices=Body._meta.get_field("cadence").choices)
    decision_mode = forms.ChoiceField(choices=Body._meta.get_field("decision_mode").choices)


class MeetingForm(NHSFormMixin, forms.Form):
    starts_at = BoundedDateTimeField(
        **MEETING_DATES,
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(max_length=200, required=False)


class ItemForm(Scoped):
    title = forms.CharField(max_length=200)
    purpose = forms.ChoiceField(choices=Purpose.choices)
    confidential = forms.BooleanField(label="Part 2 (confidential)", required=False)
    key_decision = forms.BooleanField(required=False)
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations it concerns", queryset=Organisation.objects.none(), required=False
    )


class PaperForm(NHSFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    file = UploadField(
        check=uploads.check_paper,
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument text, CSV or plain text; "
        "up to 20 MB.",
    )
    html = forms.CharField(label="Or the paper's text", widget=forms.Textarea, required=False)
    confidential = forms.BooleanField(required=False)
    published = forms.BooleanField(label="Publish with the public papers", required=False)


MINUTES_MAX_CHARS = 20_000  # a long item's minutes run to a few thousand characters


class MinutesForm(NHSFormMixin, forms.Form):
    """The general minutes, then each agenda item's discussion and what was resolved (fields
    ``item-<pk>-discussion`` and ``item-<pk>-resolved``); ``clean`` adds ``items``: item ->
    (discussion, resolved). Part 2 items' minutes are Part 2 minutes (see ``item_rows``)."""

    notes = forms.CharField(
        label="General minutes",
        help_text="Anything not under an item: the welcome, opening remarks.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MINUTES_MAX_CHARS,
        required=False,
    )
    notes_confidential = forms.BooleanField(
        label="Keep the general minutes with the Part 2 minutes (never published)", required=False
    )

    def __init__(self, *args, items, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            written = minutes.get(item.pk)
            part = " (Part 2, confidential)" if item.confidential else ""
            for key, label in (("discussion", "discussion"), ("resolved", "what was resolved")):
                self.fields[f"item-{item.pk}-{key}"] = forms.CharField(
                    label=f"Item {item.number}{part}: {label}",
                    widget=forms.Textarea(attrs={"rows": 4, "class": "nhsuk-textarea"}),
                    max_length=MINUTES_MAX_CHARS,
                    required=False,
                    initial=getattr(written, key, ""),
                )

    def general_fields(self) -> list[forms.BoundField]:
        return [self["notes"], self["notes_confidential"]]

    def item_rows(self) -> list[tuple]:
        """(item, [discussion field, resolved field]) for each item, Part 1 items first; the
        fields are drawn by ``web/_fields.html`` like a form's."""
        rows = [
            (i, [self[f"item-{i.pk}-discussion"], self[f"item-{i.pk}-resolved"]])
            for i in self.items
        ]
        return sorted(rows, key=lambda row: (row[0].confidential, row[0].number))

    def clean(self):
        data = super().clean()
        data["items"] = {
            i: (data.get(f"item-{i.pk}-discussion", ""), data.get(f"item-{i.pk}-resolved", ""))
            for i in self.items
        }
        return data


class DecisionForm(Scoped):
    body = forms.ModelChoiceField(queryset=Body.objects.none())
    joint_with = forms.ModelChoiceField(
        label="Taken jointly with (optional)", queryset=Body.objects.none(), required=False
    )
    reference = forms.SlugField(max_length=40)
    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea, required=False)
    category = forms.ChoiceField(choices=Category.choices)
    value = MoneyField(label="Value in pounds", min_value=0)
    proposed_on = BoundedDateField(**MEETING_DATES)
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations affected", queryset=Organisation.objects.none(), required=False
    )
    confidential = forms.BooleanField(required=False)


class DateForm(NHSFormMixin, forms.Form):
    on = BoundedDateField(**MEETING_DATES, label="Date")


class WithdrawForm(DateForm):
    reason = forms.CharField(max_length=300)


class PartnerDecisionForm(Scoped):
    """A partner board's ratification or rejection: only the partners still to act on
    ``decision`` are offered (every organisation in the system when none is given)."""

    organisation = forms.ModelChoiceField(
        label="Partner board", queryset=Organisation.objects.none()
    )
    outcome = forms.ChoiceField(
        choices=[(PartnerOutcome.RATIFIED, "Ratified"), (PartnerOutcome.REJECTED, "Rejected")],
        widget=forms.RadioSelect,
    )
    on = BoundedDateField(**MEETING_DATES, label="Date of the board")
    note = forms.CharField(label="Note or reason", max_length=500, required=False)

    def __init__(self, *args, decision=None, **kwargs):
        super().__init__(*args, **kwargs)
        if decision is not None:
            field = self.fields["organisation"]
            field.queryset = queries.pending_organisations(decision)
            names = ", ".join(o.name for o in field.queryset) or "none"
            field.error_messages["invalid_choice"] = (
                "That organisation is not a party to this decision, or its board has already "
                f"decided. The partners still to decide are: {names}."
            )


class InterestForm(Scoped):
    person = PersonChoiceField()
    kind = forms.ChoiceField(choices=InterestKind.choices)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    counterparty = forms.CharField(label="Or the source's name", max_length=200, required=False)
    description = forms.CharField(max_length=500)
    value = MoneyField(label="Value in pounds (gifts and hospitality)", min_value=0, required=False)
    cash = forms.BooleanField(label="Cash or vouchers", required=False)
    start_date = BoundedDateField(label="Arose on")
    declared_on = BoundedDateField(**MEETING_DATES)
    publish = forms.BooleanField(required=False, initial=True)
    withheld_reason = forms.CharField(
        label="Reason for withholding", max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("counterparty"):
            self.add_error("counterparty", "Choose an organisation or name the source.")
        return data


class ReturnForm(Scoped):
    person = PersonChoiceField()
    nil = forms.BooleanField(label="Nil return: nothing to declare", required=False)


class ActionForm(NHSFormMixin, forms.Form):
    description = forms.CharField(max_length=300)
    owner = PersonChoiceField()
    due_on = BoundedDateField(**MEETING_DATES, label="Due on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = queries.people()


class AttendanceForm(NHSFormMixin, forms.Form):
    """One choice per voting member, named ``person-<id>``; a blank choice is not recorded."""

    def __init__(self, *args, members, attendance, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
        recorded = {a.person_id: a.status for a in attendance}
        choices = [("", "Not recorded"), *AttendanceStatus.choices]
        for m in members:
            name = f"person-{m.person_id}"
            self.fields[name] = forms.ChoiceField(
                label=f"{m.person.name} ({m.organisation.name if m.organisation else 'Independent'})",
                choices=choices,
                required=False,
                initial=recorded.get(m.person_id, ""),
                widget=forms.Select(attrs={"class": "nhsuk-select"}),
            )
        self.members = {f"person-{m.person_id}": m.person for m in members}

    def clean(self):
        """Adds ``statuses``: Person -> the status chosen, leaving out those not recorded."""
        data = super().clean()
        chosen = {name: data.get(name) for name in self.members}
        data["statuses"] = {self.members[name]: value for name, value in chosen.items() if value}
        return data
