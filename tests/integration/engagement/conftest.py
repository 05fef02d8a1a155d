"""A closed consultation with results to show: 40 responses (two places, age bands and sexes
skewed), one free-text question with two framework themes (an answer may carry both) and one
retired theme, one closed agree-disagree question, and a stored population to compare with."""

import pytest

SCALE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
TRAVEL, STAFFING, BOTH = range(0, 20), range(14, 26), range(14, 20)  # answers by index


@pytest.fixture
def consulted(system):
    from engineroom.engagement.actions import consultations
    from engineroom.engagement.models import Status
    from factories.system import PlaceFactory

    north = PlaceFactory(system=system, code="north", name="North")
    south = PlaceFactory(system=system, code="south", name="South")
    consultation = consultations.create_consultation(
        system, title="Urgent care", slug="urgent-care", description="Our plans.", by=None
    )
    free = consultations.add_question(
        consultation, kind="free_text", text="What matters most to you?", by=None
    )
    closed = consultations.add_question(
        consultation, kind="closed", text="Do you agree?", options=SCALE, by=None
    )
    _responses(consultation, free, closed, (north, south))
    consultation.population = POPULATION
    consultation.status = Status.CLOSED
    consultation.save()
    return consultation


POPULATION = {
    "age_band": {"16-24": 300, "45-54": 400, "75-84": 300},
    "sex": {"F": 500, "M": 500},
    "ethnicity": {"White": 900, "Asian": 100},
    "quintile": {"1": 200, "5": 800},
    "place": {"north": 500, "south": 500},
}


def _responses(consultation, free, closed, places):
    from engineroom.engagement.models import Answer, AnswerTheme, Response, Theme, ThemeStatus

    answers = []
    for i in range(40):
        response = Response.objects.create(
            consultation=consultation,
            number=i + 1,
            channel="imported",
            external_id=f"R{i + 1}",
            age_band="75-84" if i < 30 else "16-24",
            sex="F" if i % 4 else "M",
            ethnicity="White",
            quintile=5,
            place=places[i % 2],
            closed={closed.key: SCALE[0] if i < 24 else SCALE[3]},
        )
        text = f"Answer {i}: the bus to the hospital takes too long, [name] said."
        answers.append(Answer.objects.create(response=response, question=free, text=text))
    themes = [
        Theme.objects.create(question=free, position=p, label=label, status=status, quotes=quotes)
        for p, (label, status, quotes) in enumerate(
            [
                ("Travel", ThemeStatus.FRAMEWORK, [answers[0].pk, answers[1].pk]),
                ("Staffing", ThemeStatus.FRAMEWORK, []),
                ("Old idea", ThemeStatus.MERGED, []),
            ]
        )
    ]
    links = [(answers[i], themes[0]) for i in TRAVEL] + [(answers[i], themes[1]) for i in STAFFING]
    links += [(answers[i], themes[2]) for i in range(3)]
    AnswerTheme.objects.bulk_create([AnswerTheme(answer=a, theme=t, score=0.5) for a, t in links])
