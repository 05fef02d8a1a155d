"""From answers to a framework: themes proposed by the topic model, renamed, merged, split,
removed and accepted, then every answer mapped (several themes an answer allowed). Each step is
audited and refused where it does not apply."""

import pytest
from django.core.exceptions import ValidationError

from engineroom.audit.models import AuditEvent
from engineroom.engagement.actions import consultations, imports, themes
from engineroom.engagement.models import AnswerTheme, Status, Theme, ThemeStatus
from engineroom.population.consult import generate

pytestmark = pytest.mark.django_db
N = 600


@pytest.fixture
def question(system, settings, tmp_path):
    """The first free-text question of a generated consultation of ``N`` responses."""
    from factories.system import PlaceFactory

    settings.VAR_DIR = tmp_path
    for code, name in generate.people.PLACES:
        PlaceFactory(system=system, code=code.lower(), name=name)
    found = consultations.create_consultation(
        system, title="Community hospitals", slug="hospitals", description="x", by=None
    )
    content = generate.write_csv(generate.consultation(N, seed=5), tmp_path / "g.csv").read_bytes()
    upload = imports.upload(found, file_name="g.csv", content=content, by=None)
    assert imports.run(upload, mapping=upload.mapping, by=None).accepted == N
    return found.questions.filter(kind="free_text").order_by("position").first()


@pytest.fixture
def proposed(question, member):
    return themes.propose(question, by=member("analyst"))


def test_proposed_themes_carry_terms_quotes_and_sizes(question, proposed):
    assert 3 <= len(proposed) <= 12
    for theme in proposed:
        assert theme.status == ThemeStatus.PROPOSED and theme.terms and theme.label
        assert 1 <= len(theme.quotes) <= 5
        assert set(
            question.answers.filter(pk__in=theme.quotes).values_list("pk", flat=True)
        ) == set(theme.quotes)
    assert sum(t.proposed_size for t in proposed) <= question.answers.exclude(text="").count()
    assert AuditEvent.objects.filter(action="engagement.themes_proposed").count() == 1


def test_proposing_again_replaces_proposals_but_keeps_the_framework(question, proposed):
    themes.accept(proposed[:1], by=None)
    again = themes.propose(question, by=None)
    live = Theme.objects.filter(question=question)
    assert live.filter(status=ThemeStatus.FRAMEWORK).count() == 1
    assert live.filter(status=ThemeStatus.PROPOSED).count() == len(again)


def test_an_analyst_edits_the_framework_and_maps_every_answer(question, proposed, member):
    analyst = member("analyst")
    renamed = themes.rename(proposed[0], label="Travel", description="Getting there", by=analyst)
    assert renamed.label == "Travel"
    merged = themes.merge(proposed[1:3], label="Beds and staff", by=analyst)
    assert merged.status == ThemeStatus.PROPOSED and merged.proposed_size > 0
    assert set(merged.terms) >= set(proposed[1].terms) & set(proposed[2].terms)
    assert all(t.status == ThemeStatus.MERGED and t.parent == merged for t in _fresh(proposed[1:3]))
    parts = themes.split(proposed[0], by=analyst)
    assert len(parts) == 2 and all(p.parent_id == proposed[0].pk for p in parts)
    assert _fresh([proposed[0]])[0].status == ThemeStatus.SPLIT
    themes.remove(proposed[3], by=analyst)
    themes.accept([merged, *parts], by=analyst)

    mapped = themes.map_answers(question, by=analyst)

    answers = question.answers.exclude(text="").count()
    assert 0.6 * answers <= mapped <= answers
    links = AnswerTheme.objects.filter(answer__question=question)
    assert {link.theme.status for link in links} == {ThemeStatus.FRAMEWORK}
    per_answer = links.values_list("answer", flat=True)
    assert len(per_answer) >= mapped  # several themes an answer allowed
    events = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "engagement.theme_renamed",
        "engagement.themes_merged",
        "engagement.theme_split",
        "engagement.theme_removed",
        "engagement.themes_accepted",
        "engagement.answers_mapped",
    } <= events


def _fresh(found):
    return [Theme.objects.get(pk=t.pk) for t in found]


def test_mapping_again_replaces_the_mapping_and_merging_drops_stale_links(question, proposed):
    themes.accept(proposed[:3], by=None)
    first = themes.map_answers(question, by=None)
    assert themes.map_answers(question, by=None) == first
    themes.merge(proposed[:2], label="", by=None)
    assert not AnswerTheme.objects.filter(theme__in=proposed[:2]).exists()


def test_steps_that_do_not_apply_are_refused(question, proposed):
    closed = question.consultation.questions.filter(kind="closed").first()
    with pytest.raises(ValidationError, match="free-text"):
        themes.propose(closed, by=None)
    with pytest.raises(ValidationError, match="Accept themes"):
        themes.map_answers(question, by=None)
    with pytest.raises(ValidationError, match="two themes"):
        themes.merge(proposed[:1], label="x", by=None)
    themes.remove(proposed[0], by=None)
    with pytest.raises(ValidationError, match="proposed or in the framework"):
        themes.accept([proposed[0]], by=None)
    with pytest.raises(ValidationError, match="name"):
        themes.rename(proposed[1], label="  ", by=None)
    other = question.consultation.questions.filter(kind="free_text").order_by("position").last()
    elsewhere = themes.propose(other, by=None)
    with pytest.raises(ValidationError, match="same question"):
        themes.merge([proposed[1], elsewhere[0]], label="x", by=None)


def test_too_few_answers_and_published_results_are_refused(question, system):
    consultation = question.consultation
    consultation.status = Status.PUBLISHED
    consultation.save()
    with pytest.raises(ValidationError, match="published"):
        themes.propose(question, by=None)
    few = consultations.create_consultation(
        system, title="Few", slug="few", description="x", by=None
    )
    lonely = consultations.add_question(few, kind="free_text", text="Why?", by=None)
    with pytest.raises(ValidationError, match="too few answers"):
        themes.propose(lonely, by=None)
