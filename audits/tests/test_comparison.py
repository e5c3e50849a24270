"""A re-audit beside the last audit: improved, stayed or slipped, per question and per section, and the chart."""

import re
from datetime import date

import pytest
from django.urls import reverse

from audits.comparison import BEST_SCORE, Change, change_between, chart, compare, score_label
from audits.models import AgreedPosition, Audit, AuditQuestion, AuditSection, Scope


def question(reference: str) -> AuditQuestion:
    keys = {"C": "communication", "I": "involvement", "S": "support"}
    return AuditQuestion.objects.get(section__key=keys[reference[0]], number=int(reference[1:]))


def agree(audit: Audit, ratings: dict[str, str], by) -> None:
    AgreedPosition.objects.bulk_create(
        AgreedPosition(audit=audit, question=question(reference), rating=rating, agreed_by=by)
        for reference, rating in ratings.items()
    )


@pytest.fixture
def earlier(senco) -> Audit:
    audit = Audit.objects.create(
        title="Audit 2025/26", held_on=date(2026, 6, 24), review_on=date(2027, 6, 24), groups=["whole_staff"],
        created_by=senco,
    )  # fmt: skip
    agree(
        audit,
        {"C1": "partly", "C2": "not_yet", "C3": "in_place", "C4": "partly", "I1": "not_yet", "I2": "partly"},
        senco,
    )
    return audit


@pytest.fixture
def later(senco, earlier) -> Audit:
    """A re-audit of Communication and Involvement: C1 improved, C2 improved twice over, C3 slipped, C4 stayed,
    C5 was not agreed last time; I1 improved, I2 not agreed yet this time."""
    audit = Audit.objects.create(
        title="Re-audit", held_on=date(2027, 3, 10), review_on=date(2028, 3, 10), groups=["whole_staff"],
        scope=Scope.SECTIONS, started_from=earlier, created_by=senco,
    )  # fmt: skip
    audit.sections.add(*AuditSection.objects.filter(key__in=["communication", "involvement"]))
    agree(audit, {"C1": "in_place", "C2": "in_place", "C3": "partly", "C4": "partly", "C5": "in_place"}, senco)
    agree(audit, {"I1": "partly"}, senco)
    return audit


@pytest.mark.parametrize(
    ("then", "now", "change"),
    [
        ("not_yet", "partly", Change.IMPROVED),
        ("not_yet", "in_place", Change.IMPROVED),
        ("partly", "partly", Change.STAYED),
        ("in_place", "not_yet", Change.SLIPPED),
        (None, "in_place", Change.NOT_COMPARED),
        ("partly", None, Change.NOT_COMPARED),
        ("", "partly", Change.NOT_COMPARED),
    ],
)
def test_a_questions_change_from_one_agreed_rating_to_the_next(then, now, change):
    assert change_between(then, now) == change


def test_each_question_is_improved_stayed_slipped_or_not_compared(later):
    result = compare(later)
    changes = {row.question.reference: row.change for row in result.questions}
    assert changes["C1"] == changes["C2"] == changes["I1"] == Change.IMPROVED
    assert changes["C3"] == Change.SLIPPED
    assert changes["C4"] == Change.STAYED
    assert changes["C5"] == changes["I2"] == changes["C15"] == Change.NOT_COMPARED
    assert len(result.questions) == 28  # only the re-audit's sections; Support was not asked again
    assert result.changes == {Change.IMPROVED: 3, Change.STAYED: 1, Change.SLIPPED: 1, Change.NOT_COMPARED: 23}


def test_per_section_totals_and_average_scores(later):
    communication, involvement = compare(later).sections
    assert communication.section.key == "communication"
    assert communication.then_counts == {"in_place": 1, "partly": 2, "not_yet": 1}
    assert communication.now_counts == {"in_place": 3, "partly": 2, "not_yet": 0}
    assert communication.then_average == pytest.approx((2 + 1 + 1 + 0) / 4)
    assert communication.now_average == pytest.approx((2 + 2 + 1 + 1 + 2) / 5)
    assert communication.changes == {
        Change.IMPROVED: 2,
        Change.STAYED: 1,
        Change.SLIPPED: 1,
        Change.NOT_COMPARED: 11,
    }
    assert (involvement.then_average, involvement.now_average) == (0.5, 1.0)
    assert involvement.then_label == "0.5" and communication.now_label == "1.6"


def test_averages_round_halves_up_the_same_in_the_chart_and_the_table():
    assert score_label(1.25) == "1.3" and score_label(0.05) == "0.1" and score_label(None) == "no rating"


def test_an_audit_that_did_not_start_from_another_has_nothing_to_compare(earlier):
    with pytest.raises(ValueError, match="nothing to compare"):
        compare(earlier)


def test_the_chart_has_a_bar_per_section_per_audit_as_tall_as_its_score(later):
    drawn = chart(compare(later))
    assert [(bar.section, bar.audit) for bar in drawn.bars] == [
        ("Communication", "then"),
        ("Communication", "now"),
        ("Involvement", "then"),
        ("Involvement", "now"),
    ]
    full_height = drawn.plot_bottom - drawn.plot_top
    for bar in drawn.bars:
        assert bar.height == pytest.approx(full_height * bar.score / BEST_SCORE, abs=0.1)
        assert bar.y + bar.height == pytest.approx(drawn.plot_bottom)
    assert "Communication: 1.0 then, 1.6 now" in drawn.description


def svg_bars(page: str) -> list[dict[str, str]]:
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    return [
        {"section": section, "audit": audit, "height": float(height)}
        for section, audit, height in re.findall(
            r'data-section="([^"]+)" data-audit="(then|now)">\s*<rect [^>]*height="([\d.]+)"', svg
        )
    ]


def test_the_comparison_page_has_the_table_and_a_chart_drawn_on_the_server(client, head, later):
    client.force_login(head)
    response = client.get(reverse("audits:compare", args=[later.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    bars = svg_bars(page)
    assert [(bar["section"], bar["audit"]) for bar in bars] == [
        ("Communication", "then"),
        ("Communication", "now"),
        ("Involvement", "then"),
        ("Involvement", "now"),
    ]
    # Heights in proportion to the scores: Involvement now (1.0) is twice Involvement then (0.5).
    assert bars[3]["height"] == pytest.approx(2 * bars[2]["height"], abs=0.2)
    assert bars[1]["height"] / bars[0]["height"] == pytest.approx(1.6, abs=0.01)
    # A text alternative, and the two audits told apart by a pattern as well as colour.
    assert 'role="img" aria-labelledby="audit-chart-title audit-chart-desc"' in page
    assert '<desc id="audit-chart-desc">Average score out of 2' in page
    assert 'fill="url(#audit-hatch)"' in page
    assert "<script" not in page.split("<svg")[1].split("</svg>")[0]
    # The table, per question.
    assert re.search(r'data-question="C3">.*?Slipped', page, re.S)
    assert re.search(r'data-question="C1">.*?Improved', page, re.S)


def test_an_audit_that_did_not_start_from_another_has_no_comparison_page(client, senco, earlier):
    client.force_login(senco)
    assert client.get(reverse("audits:compare", args=[earlier.pk])).status_code == 404


def test_the_comparison_takes_the_same_queries_however_many_questions_are_agreed(
    client, senco, later, django_assert_max_num_queries
):
    client.force_login(senco)
    url = reverse("audits:compare", args=[later.pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    queries = len(few)
    agree(later, {f"C{n}": "partly" for n in range(6, 16)}, senco)
    with django_assert_max_num_queries(queries):
        client.get(url)
