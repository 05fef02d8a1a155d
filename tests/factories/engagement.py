"""Factories for engagement: consultations, questions, imports, responses, answers, themes and
the decisions a consultation informed.

Each builds a row that passes ``full_clean()``; related rows default to new ones in the same
consultation where that matters (an answer's question and response share one). Tests of imports
build responses through ``actions.imports`` (``responses_csv`` writes a small export).
"""

from __future__ import annotations

import csv
import io

import factory

from engineroom.engagement import models
from factories.governance import BodyFactory, DecisionFactory
from factories.system import SystemFactory


def responses_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """A small export file: the header and the rows, as CSV UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consultation

    system = factory.SubFactory(SystemFactory)
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    title = factory.Sequence(lambda n: f"Consultation {n}")
    description = "Our plans for community hospitals and urgent care."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Question

    consultation = factory.SubFactory(ConsultationFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    position = factory.Sequence(lambda n: n + 1)
    kind = models.QuestionKind.FREE_TEXT
    text = factory.Sequence(lambda n: f"What do you think of plan {n}?")

    class Params:
        closed = factory.Trait(
            kind=models.QuestionKind.CLOSED,
            options=["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree"],
        )


class ResponseImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ResponseImport

    consultation = factory.SubFactory(ConsultationFactory)
    file_name = factory.Sequence(lambda n: f"responses-{n}.csv")
    columns = ["Response ID"]
    mapping = {"Response ID": "response_id"}


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Response

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    channel = models.Channel.ONLINE


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Answer

    question = factory.SubFactory(QuestionFactory)
    response = factory.SubFactory(
        ResponseFactory, consultation=factory.SelfAttribute("..question.consultation")
    )
    text = "The minor injuries unit should stay open at night."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Theme {n}")
    terms = {"parking": 0.5, "bus": 0.3}


class AnswerThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AnswerTheme

    answer = factory.SubFactory(AnswerFactory)
    theme = factory.SubFactory(
        ThemeFactory,
        question=factory.SelfAttribute("..answer.question"),
        status=models.ThemeStatus.FRAMEWORK,
    )
    score = 0.4


class InfluenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Influence

    consultation = factory.SubFactory(ConsultationFactory)
    decision = factory.SubFactory(
        DecisionFactory,
        body=factory.SubFactory(
            BodyFactory, system=factory.SelfAttribute("...consultation.system")
        ),
    )
    you_said = "Keep the minor injuries unit open at night."
    we_did = "The unit stays open until midnight."
