from __future__ import annotations

import datetime as dt

from saferelease.actionplans.similarity import (
    SIMILARITY_THRESHOLD,
    Candidate,
    explicit_matches,
    repeat_matches,
    similarity_score,
)


def _candidate(key, inspection, year, ref, paragraphs, text):
    return Candidate(key, inspection, dt.date(year, 3, 1), ref, tuple(paragraphs), text)


EARLIER = [
    _candidate(1, 10, 2012, "3.32", ["3.32"], "Cell bells should be answered within five minutes."),
    _candidate(
        2,
        20,
        2015,
        "5.6",
        ["1.21"],
        "ACCT supervision should be improved by ensuring a consistent case manager.",
    ),
    _candidate(
        3,
        20,
        2015,
        "5.10",
        ["1.50"],
        "The shower area in the care and separation unit should be refurbished.",
    ),
    _candidate(
        4,
        20,
        2015,
        "5.11",
        ["1.51"],
        "The regime in the care and separation unit should be improved.",
    ),
]


def test_score_ignores_case_punctuation_and_word_order():
    assert similarity_score("Cell bells: answer them!", "answer them cell bells") == 100.0


def test_distinct_recommendations_of_one_report_score_below_the_threshold():
    # The closest pair in the Littlehey 2015 plan (5.10, 5.11) scores 83.7.
    assert similarity_score(EARLIER[2].text, EARLIER[3].text) < SIMILARITY_THRESHOLD


def test_explicit_repeat_matches_the_cited_paragraph_of_the_latest_report():
    assert explicit_matches(["1.21"], EARLIER) == {2: "1.21"}


def test_explicit_repeat_falls_back_to_the_ref():
    assert explicit_matches(["5.10"], EARLIER) == {3: "5.10"}


def test_explicit_repeat_prefers_the_newest_earlier_inspection():
    older_same_paragraph = _candidate(5, 5, 2010, "2.1", ["1.21"], "Something else entirely.")
    assert explicit_matches(["1.21"], [*EARLIER, older_same_paragraph]) == {2: "1.21"}


def test_unknown_repeat_matches_nothing():
    assert explicit_matches(["9.99"], EARLIER) == {}


def test_repeat_matches_gives_explicit_with_score_and_the_best_similar_per_inspection():
    matches = repeat_matches(
        text="The shower area in the care and separation unit should be refurbished urgently.",
        repeats=["3.32"],
        earlier=EARLIER,
    )
    explicit = [m for m in matches if m.explicit]
    similar = [m for m in matches if not m.explicit]
    assert [(m.key, m.ref_as_written) for m in explicit] == [(1, "3.32")]
    assert [m.key for m in similar] == [3]
    assert similar[0].score >= SIMILARITY_THRESHOLD


# --- the report's recommendations and the plan's answers --------------------------------

from saferelease.actionplans.similarity import Listed, plan_report_pairs  # noqa: E402


def test_plan_and_report_paired_by_reference_then_by_text() -> None:
    plan = [
        Listed(1, "5.1", ("S42",), "Develop accreditation for workshops."),
        Listed(2, "S1", (), "Violence should fall."),
        Listed(3, "2.3", ("2.3",), "Fictional: call bells should be answered quickly."),
        Listed(
            4,
            "9.9",
            (),
            "Fictional: every man should have his release address confirmed six weeks before"
            " release.",
        ),
        Listed(5, "9.10", (), "Fictional: something the report never said."),
    ]
    report = [
        Listed(10, "5.1", ("S42",), "The prison should develop accreditation."),
        Listed(11, "5.2", ("S1",), "Violence should fall across the prison."),
        Listed(12, "5.7", ("2.3",), "Call bells should be answered within five minutes."),
        Listed(
            13,
            "5.8",
            (),
            "Every man should have his release address confirmed six weeks before release.",
        ),
        Listed(14, "5.9", (), "Fictional: a recommendation the plan dropped."),
    ]
    pairs = {(p.plan_key, p.report_key): p.how for p in plan_report_pairs(plan, report)}
    assert pairs == {(1, 10): "ref", (2, 11): "ref", (3, 12): "ref", (4, 13): "text"}


def test_each_item_is_paired_once() -> None:
    plan = [Listed(1, "1", (), "Same words."), Listed(2, "2", (), "Same words.")]
    report = [Listed(10, "9", (), "Same words.")]
    assert len(plan_report_pairs(plan, report)) == 1
