"""The public response form, built from the consultation's questions: NHS.UK radios, textareas
and fieldsets, no JavaScript. "About you" questions are optional and offer "Prefer not to say";
their answers use the register's categories so respondents can be compared with the population.
"""

from __future__ import annotations

from django import forms

from engineroom.engagement.models import Demographic, Question, QuestionKind
from engineroom.population.consult.categories import AGE_BANDS, ETHNIC_GROUPS, QUINTILES, SEXES
from engineroom.web.forms import NHSFormMixin

PREFER_NOT = ("", "Prefer not to say")
ANSWER_LIMIT = 5_000
DISTRICT_PATTERN = r"^\s*[A-Za-z]{1,2}[0-9][0-9A-Za-z]?\s*$"


def demographic_choices(demographic: str, places: dict[str, str]) -> list[tuple[str, str]]:
    """The categories a respondent may choose for a demographic question (then "Prefer not to
    say"), the same ones the register counts."""
    found = {
        Demographic.AGE_BAND: [(band, band) for band, _ in AGE_BANDS],
        Demographic.SEX: list(SEXES.items()),
        Demographic.ETHNICITY: list(ETHNIC_GROUPS.items()),
        Demographic.QUINTILE: [(str(k), v) for k, v in QUINTILES.items()],
        Demographic.PLACE: [(name, name) for name in places.values()],
    }.get(demographic, [])
    return [*found, PREFER_NOT]


def _field(question: Question, places: dict[str, str]) -> forms.Field:
    common = {"label": question.text, "help_text": question.hint}
    if question.kind == QuestionKind.CLOSED:
        choices = [(o, o) for o in question.options]
        return forms.ChoiceField(
            choices=choices, widget=forms.RadioSelect, required=question.required, **common
        )
    if question.kind == QuestionKind.FREE_TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 5}),
            max_length=ANSWER_LIMIT,
            required=question.required,
            **common,
        )
    if question.demographic == Demographic.POSTCODE_DISTRICT:
        common["help_text"] = question.hint or "Only the first half, for example DT1."
        return forms.RegexField(
            regex=DISTRICT_PATTERN,
            required=False,
            max_length=5,
            error_messages={"invalid": "Enter the first half of a postcode, like DT1"},
            **common,
        )
    choices = [(o, o) for o in question.options if o != PREFER_NOT[1]]
    choices = (
        [*choices, PREFER_NOT] if choices else demographic_choices(question.demographic, places)
    )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False, **common)


class ResponseForm(NHSFormMixin, forms.Form):
    """One field per question, named by its key, in the consultation's order."""

    def __init__(self, *args, questions, places: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = _field(question, places)
            self.fields[question.key].widget.attrs.pop("required", None)
        self.questions = list(questions)
        for field in self.fields.values():  # added after the mixin styled the form's widgets
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("class", "nhsuk-textarea")
            elif isinstance(field.widget, forms.TextInput):
                field.widget.attrs.setdefault("class", "nhsuk-input nhsuk-input--width-5")

    def answers(self) -> dict[str, str]:
        """{question key: answer} as text; "" where nothing was given (or "Prefer not to say")."""
        return {key: (value or "").strip() for key, value in self.cleaned_data.items()}

    def sections(self):
        """The form's fields split into the questions and "About you", as the page shows them."""
        asked = [self[q.key] for q in self.questions if q.kind != QuestionKind.DEMOGRAPHIC]
        about = [self[q.key] for q in self.questions if q.kind == QuestionKind.DEMOGRAPHIC]
        return asked, about
