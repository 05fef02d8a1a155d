"""The results: theme counts (several themes per answer), agreement, who answered and the
weighted counts, every count suppressed; the summary and the population to compare with."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.engagement.actions import results as actions
from engineroom.engagement.models import Response
from engineroom.engagement.presenters import results as presenters
from engineroom.engagement.queries import results as queries
from engineroom.system import queries as system_queries

pytestmark = pytest.mark.django_db


def test_theme_counts_allow_several_themes_an_answer_and_leave_out_retired_themes(consulted):
    (found,) = queries.theme_counts(consulted)
    assert found.answered == 40
    assert {c.theme.label: c.answers for c in found.themes} == {"Travel": 20, "Staffing": 12}
    assert sum(c.answers for c in found.themes) > found.answered - found.unthemed
    assert found.unthemed == 14


def test_counts_and_shares_are_suppressed_and_built_on_the_rounded_counts(consulted):
    (view,) = presenters.themes(queries.theme_counts(consulted))
    rows = {r.label: r for r in view.rows}
    assert (rows["Travel"].count, rows["Travel"].share) == ("20", "50%")
    assert (rows["Staffing"].count, rows["Staffing"].share) == ("10", "25%")  # 12 -> 10
    assert view.unthemed == "15"  # 14 -> 15


def test_a_small_group_is_a_star_and_so_is_its_share():
    assert presenters.share_text(3, 40) == "*"
    assert presenters.shown(presenters.suppress(5)) == "*"


def test_agreement_counts_each_side_of_the_scale(consulted):
    (view,) = presenters.agreement(queries.closed_answers(consulted))
    options = {option: (count, share) for option, count, share in view.options}
    assert options["Strongly agree"] == ("25", "62%")  # 24 -> 25 of 40
    assert options["Agree"] == ("0", "0%")
    assert (view.agree, view.disagree, view.answered) == ("62%", "38%", "40")
    assert presenters.side("Neither agree nor disagree") == ""


def test_who_answered_is_set_beside_the_population_with_ratios(consulted):
    _, rows = queries.respondent_rows(consulted)
    table = presenters.representativeness(
        queries.respondents(rows), consulted.population, queries.place_names(consulted.system)
    )
    ages = {r.category: r for r in table["Age band"]}
    assert ages["75-84"].respondents == "30"
    assert ages["75-84"].ratio_value > 1 > ages["16-24"].ratio_value
    assert {r.category for r in table["Place"]} >= {"North", "South"}
    assert presenters.representativeness_chart(table) is not None


def test_weighting_moves_theme_counts_towards_the_population(consulted):
    plain = presenters.report(consulted)
    weighted = presenters.report(consulted, weighted=True)
    assert weighted["weighted"] and not plain["weighted"]
    travel = next(r for r in weighted["themes"][0].rows if r.label == "Travel")
    assert travel.weighted not in ("", "*")


def test_the_results_page_shows_themes_agreement_and_who_answered(consulted, member, signed_in):
    client = signed_in(member("analyst"))
    page = reverse("engagement:results", args=[consulted.system.code, consulted.slug])
    html = client.get(page).content.decode()
    for part in (
        'id="themes-',
        'id="results-agreement-chart',
        'id="results-represent-chart',
        "Travel",
    ):
        assert part in html
    assert "Weighted" in client.get(page + "?weighted=1").content.decode()


def test_the_summary_is_saved_through_the_page_and_audited(consulted, member, signed_in):
    client = signed_in(member("analyst"))
    page = reverse("engagement:results", args=[consulted.system.code, consulted.slug])
    assert client.post(page, {"summary": "  People worry about travel. "}).status_code == 302
    consulted.refresh_from_db()
    assert consulted.summary == "People worry about travel."
    assert AuditEvent.objects.filter(action="engagement.summary_written").exists()


def test_a_blank_summary_is_refused(consulted):
    with pytest.raises(ValidationError):
        actions.write_summary(consulted, summary="   ", by=None)


def test_the_population_comes_from_the_linked_register(published_system, consulted):
    from engineroom.population_health.bridge import region_spec

    as_of = dt.date(2025, 3, 31)
    consulted.system = published_system
    actions.refresh_population(consulted, var=_var(), by=None, as_of=as_of)
    consulted.refresh_from_db()
    assert consulted.population_as_of == as_of
    assert set(consulted.population) >= {"age_band", "sex", "place"}
    spec = region_spec(published_system, as_of)
    practices = {
        p["ods"]: place["code"]
        for place in spec["systems"][0]["places"]
        for hood in place["neighbourhoods"]
        for p in hood["practices"]
    }
    assert system_queries.practice_places(published_system, as_of) == practices
    assert set(consulted.population["place"]) <= set(practices.values()) | {"not stated"}


def test_respondents_get_their_postcode_districts_quintile_from_the_register(
    published_system, consulted
):
    from engineroom.population.consult.register import district_quintiles

    known = district_quintiles(_var())
    district, quintile = sorted(known.items())[0]
    first, second, third = consulted.responses.order_by("number")[:3]
    Response.objects.filter(pk=first.pk).update(postcode_district=district, quintile=None)
    Response.objects.filter(pk=second.pk).update(postcode_district="ZZ99", quintile=None)
    Response.objects.filter(pk=third.pk).update(postcode_district=district, quintile=5)
    consulted.system = published_system
    actions.refresh_population(consulted, var=_var(), by=None, as_of=dt.date(2025, 3, 31))
    got = dict(
        Response.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "quintile"
        )
    )
    assert got == {first.pk: quintile, second.pk: None, third.pk: 5}  # unknown and given kept
    event = AuditEvent.objects.filter(action="engagement.population_refreshed").latest("pk")
    assert event.details["quintiles_given"] >= 1


def test_without_a_linked_population_the_page_says_so(consulted, member, signed_in, settings):
    settings.PHM_VAR = "/nonexistent-engine-room-var"
    client = signed_in(member("analyst"))
    page = reverse("engagement:results-population", args=[consulted.system.code, consulted.slug])
    response = client.post(page, follow=True)
    assert response.status_code == 200
    assert b"population" in response.content


def _var():
    from engineroom.web.population import var_dir

    return var_dir()


def _small_theme(consulted, numbers):
    """A framework theme on the answers of the responses ``numbers`` (a suppressed count)."""
    from engineroom.engagement.models import Answer, AnswerTheme, Theme, ThemeStatus

    free = consulted.questions.get(kind="free_text")
    tiny = Theme.objects.create(
        question=free, position=9, label="Tiny", status=ThemeStatus.FRAMEWORK
    )
    for answer in Answer.objects.filter(question=free, response__number__in=numbers):
        AnswerTheme.objects.create(answer=answer, theme=tiny, score=0.5)


def test_a_weighted_count_is_a_star_where_the_count_is_and_rounded_to_five(consulted):
    """Review 17: three young respondents weighted up showed a weighted "10" beside a "*"."""
    from engineroom.engagement.models import Response

    Response.objects.filter(consultation=consulted, number__in=[31, 32, 33]).update(
        quintile=1, ethnicity="Asian"
    )
    _small_theme(consulted, [31, 32, 33])
    rows = {r.label: r for r in presenters.report(consulted, weighted=True)["themes"][0].rows}
    assert (rows["Tiny"].count, rows["Tiny"].weighted) == ("*", "*")
    assert all(int(r.weighted.replace(",", "")) % 5 == 0 for r in rows.values() if r.count != "*")


def test_who_answered_shares_and_ratios_are_built_on_the_rounded_counts(consulted):
    """Review 17: 11 men of 40 showed 28% (exact); published counts are 10 of 40, so 25%."""
    from engineroom.engagement.models import Response

    Response.objects.filter(consultation=consulted, number=2).update(sex="M")  # 11 M, 29 F
    table = presenters.report(consulted)["represent"]
    sexes = {r.category: r for r in table["Sex"]}
    men, women = sexes["Male"], sexes["Female"]
    assert (men.respondents, men.respondent_share, men.ratio) == ("10", "25%", "0.50")
    assert (women.respondents, women.respondent_share, women.ratio) == ("30", "75%", "1.50")


def test_each_closed_question_is_charted_against_its_own_answers(consulted):
    """Review 17: a yes-no question was drawn under the agree-disagree headers, at 0%."""
    from engineroom.engagement.actions import consultations
    from engineroom.engagement.models import Response

    yes_no = consultations.add_question(
        consulted, kind="closed", text="Yes or no?", options=["Yes", "No"], by=None
    )
    for response in Response.objects.filter(consultation=consulted):
        response.closed[yes_no.key] = "Yes" if response.number <= 30 else "No"
        response.save()
    charts = presenters.agreement_charts(queries.closed_answers(consulted))
    assert [[label for label, _ in c.legend] for c in charts] == [
        ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"],
        ["Yes", "No"],
    ]
    yes_row = charts[1].table.rows[0]
    assert yes_row == ("Yes or no?", "75%", "25%")
    assert [row[0] for row in charts[0].table.rows] == ["Do you agree?"]
