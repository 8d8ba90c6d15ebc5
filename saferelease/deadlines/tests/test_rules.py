"""The deadline engine: ERD selection, every rule's boundaries, statuses and explanations.

Expected dates are worked out by hand in the comments, not with the engine's own helpers.
"""

from __future__ import annotations

import dataclasses
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from saferelease.deadlines import (
    RULES,
    RULES_BY_CODE,
    AccommodationStatus,
    Anchor,
    Authority,
    Erd,
    ErdSource,
    InvariantError,
    LocalRule,
    MappaCategory,
    MappaLevel,
    OffenceCategory,
    Offset,
    PrisonerFacts,
    RiskLevel,
    RuleResult,
    SentenceType,
    Status,
    WorkedExample,
    check_invariants,
    earliest_release_date,
    evaluate,
    evaluate_rule,
    example_man,
    facts_from_record,
    in_custody,
    invariant_violations,
    is_sentenced,
    may_change_offset,
    may_switch_off,
    passed_ped,
    rules_markdown_table,
)
from saferelease.deadlines import engine as rules

DOCS = Path(__file__).resolve().parents[3] / "docs" / "deadline-rules.md"

AS_OF = date(2026, 3, 13)
CRD = date(2026, 9, 1)  # a Tuesday; Monday 31 August 2026 is the Late Summer Bank Holiday


def make(**changes: Any) -> PrisonerFacts:
    """The worked examples' man (`EXAMPLE_MAN`): a determinate sentence with a CRD of
    Tuesday 1 September 2026 and nothing done yet."""
    return example_man(**changes)


def test_the_example_man() -> None:
    man = make()
    assert man.crd == CRD
    assert man.sentence_type == "determinate"
    assert man.oasys_completed_date == date(2026, 2, 1)
    erd = earliest_release_date(man, AS_OF)
    assert erd is not None and erd.date == CRD


def result(code: str, facts: PrisonerFacts, as_of: date = AS_OF) -> RuleResult:
    outcome = evaluate_rule(RULES_BY_CODE[code], facts, as_of)
    check_invariants([outcome])
    return outcome


# --- rule boundaries ------------------------------------------------------------------------
#
# Each rule that needs an ERD declares its worked example beside its words (`example=` in its
# module: the changes that put the example man in its population and the due date worked out
# by hand, with the working). The tests below check the engine against each on and around
# its due date and window.

#: The rules the tests below that name every rule know about. A rule added later is not
#: theirs to judge: its own worked example brings it into BOUNDARY_CASES.
KNOWN_RULES = frozenset(
    {
        "oasys-current",
        "com-allocated",
        "mappa-level-set",
        "irmt-review",
        "ap-application",
        "resettlement-plan",
        "resettlement-transfer",
        "duty-to-refer",
        "licence-approved",
        "release-address",
        "health-discharge-plan",
    }
)

#: (code, changes to the example man, due date, window) of every rule with a worked example.
BOUNDARY_CASES = [
    pytest.param(
        rule.code, dict(rule.example.changes), rule.example.due, rule.window_days, id=rule.code
    )
    for rule in RULES
    if rule.example is not None
]

#: Due dates of the original rules, worked out by hand when they were written: a worked
#: example changed by mistake in a rule's module fails against these.
KNOWN_DUE_DATES = {
    "com-allocated": date(2025, 12, 18),
    "mappa-level-set": date(2026, 3, 1),
    "irmt-review": date(2026, 3, 1),
    "ap-application": date(2026, 3, 1),
    "resettlement-plan": date(2026, 6, 9),
    "resettlement-transfer": date(2026, 6, 9),
    "duty-to-refer": date(2026, 7, 7),
    "licence-approved": date(2026, 8, 27),
    "release-address": date(2026, 8, 27),
    "health-discharge-plan": date(2026, 8, 4),
}


def test_known_rules_keep_their_worked_due_dates() -> None:
    for code, due in KNOWN_DUE_DATES.items():
        example = RULES_BY_CODE[code].example
        assert example is not None and example.due == due, code


def test_a_worked_example_names_only_facts() -> None:
    with pytest.raises(ValueError, match="unknown facts"):
        dataclasses.replace(
            RULES_BY_CODE["mappa-level-set"],
            example=WorkedExample(due=CRD, working="x", changes={"no_such_fact": 1}),
        )


def test_boundary_cases_cover_every_erd_rule() -> None:
    covered = {case.values[0] for case in BOUNDARY_CASES}
    missing = {rule.code for rule in RULES if rule.needs_erd} - covered
    assert not missing, f"declare a worked example (example=WorkedExample(...)) for {missing}"


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_due_today_is_due_soon_not_overdue(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    outcome = result(code, make(**changes), as_of=due)
    assert outcome.due_date == due
    assert outcome.status == Status.DUE_SOON
    assert outcome.days_until_due == 0
    assert outcome.days_overdue is None
    assert outcome.explanation.startswith("Due today")


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_due_yesterday_is_overdue(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    outcome = result(code, make(**changes), as_of=due + timedelta(days=1))
    assert outcome.status == Status.OVERDUE
    assert outcome.days_overdue == 1
    assert outcome.days_until_due is None
    assert outcome.explanation.startswith("Overdue by 1 day;")


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_window_start_is_due_soon(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    assert RULES_BY_CODE[code].window_days == window
    outcome = result(code, make(**changes), as_of=due - timedelta(days=window))
    assert outcome.status == Status.DUE_SOON
    assert outcome.days_until_due == window
    assert outcome.explanation.startswith(f"Due in {window} days;")


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_day_before_window_is_not_yet_due(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    outcome = result(code, make(**changes), as_of=due - timedelta(days=window + 1))
    assert outcome.status == Status.NOT_YET_DUE
    assert outcome.days_until_due == window + 1
    assert outcome.explanation.startswith(f"Not yet due: due in {window + 1} days;")


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_without_erd_is_not_applicable(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    outcome = result(code, make(crd=None, **changes), as_of=due)
    assert outcome.status == Status.NOT_APPLICABLE
    assert outcome.due_date is None
    assert outcome.earliest_release_date is None
    assert outcome.explanation == "Not applicable: no earliest release date"


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_completed_on_due_date_is_met_and_day_after_is_met_late(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    field = RULES_BY_CODE[code].completed_by
    on_time = result(code, make(**{field: due}, **changes), as_of=due + timedelta(days=30))
    assert on_time.status == Status.MET
    assert on_time.completed_date == due
    late = result(
        code, make(**{field: due + timedelta(days=1)}, **changes), as_of=due + timedelta(days=30)
    )
    assert late.status == Status.MET_LATE
    assert "1 day after the due date" in late.explanation


@pytest.mark.parametrize(("code", "changes", "due", "window"), BOUNDARY_CASES)
def test_rule_completion_after_as_of_is_ignored(
    code: str, changes: dict[str, Any], due: date, window: int
) -> None:
    field = RULES_BY_CODE[code].completed_by
    facts = make(**{field: due + timedelta(days=5)}, **changes)
    before = result(code, facts, as_of=due + timedelta(days=2))
    assert before.status == Status.OVERDUE
    assert before.completed_date is None
    assert "is ignored" in before.explanation
    after = result(code, facts, as_of=due + timedelta(days=5))
    assert after.status == Status.MET_LATE
    assert after.completed_date == due + timedelta(days=5)


# --- MAPPA level set -----------------------------------------------------------------------


def test_mappa_level_set_due_today_is_due_soon() -> None:
    assert result("mappa-level-set", make(mappa_category=1), date(2026, 3, 1)).status == (
        Status.DUE_SOON
    )


def test_mappa_level_set_due_yesterday_is_overdue() -> None:
    assert result("mappa-level-set", make(mappa_category=2), date(2026, 3, 2)).status == (
        Status.OVERDUE
    )


def test_mappa_level_set_explanation_names_the_erd_and_category() -> None:
    outcome = result("mappa-level-set", make(mappa_category=1))
    assert outcome.status == Status.OVERDUE
    assert outcome.days_overdue == 12
    assert outcome.explanation == (
        "Overdue by 12 days; due 1 March 2026: ERD 1 September 2026 (CRD) minus 6 months; "
        "MAPPA category 1"
    )
    assert outcome.authority == Authority.NATIONAL_POLICY


def test_mappa_level_set_met_explanation() -> None:
    outcome = result(
        "mappa-level-set", make(mappa_category=3, mappa_level_set_date=date(2026, 2, 3))
    )
    assert outcome.status == Status.MET
    assert outcome.explanation.startswith("Met on 3 February 2026; due 1 March 2026")


def test_mappa_level_set_without_category_is_not_applicable() -> None:
    outcome = result("mappa-level-set", make(mappa_level=2))
    assert outcome.status == Status.NOT_APPLICABLE
    assert outcome.explanation == (
        "Not applicable: applies only to prisoners in MAPPA category 1, 2 or 3"
    )
    assert outcome.earliest_release_date == CRD


@pytest.mark.parametrize(
    ("erd", "due"),
    [
        pytest.param(date(2026, 8, 31), date(2026, 2, 28), id="31-aug-to-28-feb"),
        pytest.param(date(2028, 8, 31), date(2028, 2, 29), id="31-aug-to-29-feb-leap-year"),
        pytest.param(date(2026, 5, 31), date(2025, 11, 30), id="31-may-to-30-nov"),
        pytest.param(date(2026, 10, 31), date(2026, 4, 30), id="31-oct-to-30-apr"),
        pytest.param(date(2026, 12, 31), date(2026, 6, 30), id="31-dec-to-30-jun"),
    ],
)
def test_mappa_level_set_month_end_clamping(erd: date, due: date) -> None:
    outcome = result("mappa-level-set", make(crd=erd, mappa_category=1), as_of=date(2025, 1, 1))
    assert outcome.due_date == due


def test_mappa_level_set_remand_is_not_applicable() -> None:
    outcome = result("mappa-level-set", make(sentence_type="remand", mappa_category=1))
    assert outcome.status == Status.NOT_APPLICABLE
    assert outcome.explanation == "Not applicable: no earliest release date"


def test_remand_with_a_confirmed_release_date_is_in_the_rules_that_name_no_sentence() -> None:
    """The MAPPA, IRMT, approved premises, duty-to-refer and health discharge populations
    name no sentence condition; the others are for sentenced men only."""
    facts = make(
        sentence_type="remand",
        confirmed_release_date=CRD,
        mappa_category=1,
        mappa_level=2,
        accommodation_status="none",
        health_needs="substance",
    )
    statuses = {outcome.rule: outcome.status for outcome in evaluate(facts, AS_OF)}
    assert {code: statuses[code] for code in KNOWN_RULES} == {
        "oasys-current": Status.NOT_APPLICABLE,
        "com-allocated": Status.NOT_APPLICABLE,
        "mappa-level-set": Status.OVERDUE,
        "irmt-review": Status.OVERDUE,
        "ap-application": Status.OVERDUE,
        "resettlement-plan": Status.NOT_APPLICABLE,
        "resettlement-transfer": Status.NOT_APPLICABLE,
        "duty-to-refer": Status.NOT_YET_DUE,
        "licence-approved": Status.NOT_APPLICABLE,
        "release-address": Status.NOT_APPLICABLE,
        "health-discharge-plan": Status.NOT_YET_DUE,
    }
    mappa = result("mappa-level-set", facts)
    assert mappa.due_date == date(2026, 3, 1)
    assert mappa.explanation.endswith(
        "ERD 1 September 2026 (confirmed release date) minus 6 months; MAPPA category 1"
    )


# --- IRMT review and approved premises ----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"mappa_level": 2}, "MAPPA level 2"),
        ({"mappa_level": 3}, "MAPPA level 3"),
        ({"rosh": "high"}, "RoSH high"),
        ({"rosh": "very_high"}, "RoSH very high"),
        ({"rosh": "very_high", "mappa_level": 3}, "MAPPA level 3 and RoSH very high"),
    ],
)
def test_irmt_review_applies_to_high_risk(changes: dict[str, Any], reason: str) -> None:
    outcome = result("irmt-review", make(**changes))
    assert outcome.status == Status.OVERDUE
    assert outcome.due_date == date(2026, 3, 1)
    assert outcome.explanation.endswith(f"minus 6 months; {reason}")
    assert outcome.authority == Authority.LOCAL_DEFAULT


@pytest.mark.parametrize(
    "changes", [{}, {"mappa_level": 1}, {"rosh": "medium"}, {"rosh": "low", "mappa_level": 1}]
)
def test_irmt_review_not_high_risk_is_not_applicable(changes: dict[str, Any]) -> None:
    assert result("irmt-review", make(**changes)).status == Status.NOT_APPLICABLE


def test_irmt_review_met_late() -> None:
    outcome = result("irmt-review", make(rosh="high", irmt_review_date=date(2026, 3, 10)))
    assert outcome.status == Status.MET_LATE
    assert outcome.explanation.startswith(
        "Met late on 10 March 2026, 9 days after the due date; due 1 March 2026"
    )


@pytest.mark.parametrize(
    "accommodation", [None, "", "temporary", "none", "unknown", "approved_premises", "cas3"]
)
def test_ap_application_applies_without_settled_accommodation(accommodation: str | None) -> None:
    outcome = result("ap-application", make(rosh="very_high", accommodation_status=accommodation))
    assert outcome.status == Status.OVERDUE
    assert outcome.due_date == date(2026, 3, 1)


def test_ap_application_settled_accommodation_is_not_applicable() -> None:
    outcome = result("ap-application", make(rosh="very_high", accommodation_status="settled"))
    assert outcome.status == Status.NOT_APPLICABLE


def test_ap_application_low_risk_is_not_applicable() -> None:
    outcome = result("ap-application", make(rosh="medium", accommodation_status="none"))
    assert outcome.status == Status.NOT_APPLICABLE


def test_ap_application_explanation_names_accommodation() -> None:
    outcome = result("ap-application", make(mappa_level=2, accommodation_status="cas3"))
    assert outcome.explanation.endswith(
        "MAPPA level 2; accommodation: CAS3 transitional accommodation"
    )


# --- resettlement --------------------------------------------------------------------------


def test_resettlement_transfer_exempt_with_a_reason() -> None:
    outcome = result(
        "resettlement-transfer",
        make(resettlement_transfer_exemption="Completing Kaizen programme"),
        as_of=date(2026, 6, 20),
    )
    assert outcome.status == Status.EXEMPT
    assert outcome.explanation.startswith("Exempt: Completing Kaizen programme; due 9 June 2026")
    assert outcome.days_overdue is None


def test_resettlement_transfer_blank_exemption_is_not_an_exemption() -> None:
    outcome = result(
        "resettlement-transfer", make(resettlement_transfer_exemption="   "), date(2026, 6, 20)
    )
    assert outcome.status == Status.OVERDUE


def test_resettlement_transfer_completed_beats_exemption() -> None:
    outcome = result(
        "resettlement-transfer",
        make(
            resettlement_transfer_exemption="medical", resettlement_transfer_date=date(2026, 6, 1)
        ),
        as_of=date(2026, 6, 20),
    )
    assert outcome.status == Status.MET


@pytest.mark.parametrize(
    "changes",
    [
        {"in_resettlement_prison": True},
        {"sentence_type": "recall"},
        {"sentence_type": "indeterminate", "thd": CRD},
        {"sentence_type": "remand"},
    ],
)
def test_resettlement_transfer_outside_population_is_not_applicable(
    changes: dict[str, Any],
) -> None:
    outcome = result("resettlement-transfer", make(**changes))
    assert outcome.status == Status.NOT_APPLICABLE
    assert "not designated a resettlement prison" in outcome.explanation


def test_resettlement_plan_applies_to_every_sentence_type() -> None:
    for changes in (
        {},
        {"sentence_type": "recall"},
        {"sentence_type": "indeterminate", "crd": None, "thd": CRD},
    ):
        outcome = result("resettlement-plan", make(**changes))
        assert outcome.due_date == date(2026, 6, 9)
        assert outcome.authority == Authority.LOCAL_DEFAULT


# --- duty to refer -------------------------------------------------------------------------


@pytest.mark.parametrize("accommodation", [None, "", "none", "unknown", "temporary"])
def test_duty_to_refer_applies_when_he_may_be_homeless(accommodation: str | None) -> None:
    outcome = result("duty-to-refer", make(accommodation_status=accommodation))
    assert outcome.status == Status.NOT_YET_DUE
    assert outcome.due_date == date(2026, 7, 7)
    assert "ERD 1 September 2026 (CRD) minus 56 days" in outcome.explanation


@pytest.mark.parametrize("accommodation", ["settled", "approved_premises", "cas3"])
def test_duty_to_refer_with_accommodation_is_not_applicable(accommodation: str) -> None:
    outcome = result("duty-to-refer", make(accommodation_status=accommodation))
    assert outcome.status == Status.NOT_APPLICABLE


def test_duty_to_refer_remand_is_not_applicable() -> None:
    outcome = result("duty-to-refer", make(sentence_type="remand", accommodation_status="none"))
    assert outcome.status == Status.NOT_APPLICABLE


# --- licence and release address: working days ---------------------------------------------


def test_licence_approved_skips_good_friday_and_easter_monday() -> None:
    # Wednesday 8 April 2026: Tuesday 7 (1); Monday 6 Easter Monday; weekend; Friday 3 Good
    # Friday; Thursday 2 April (2).
    outcome = result("licence-approved", make(crd=date(2026, 4, 8)), as_of=date(2026, 3, 1))
    assert outcome.due_date == date(2026, 4, 2)
    assert (
        "ERD 8 April 2026 (CRD) minus 2 working days, skipping Good Friday 3 April 2026, "
        "Easter Monday 6 April 2026" in outcome.explanation
    )


def test_licence_approved_skips_christmas_2026() -> None:
    # Tuesday 29 December 2026: Monday 28 Boxing Day (substitute); weekend; Friday 25
    # Christmas Day; Thursday 24 (1); Wednesday 23 December (2).
    outcome = result("licence-approved", make(crd=date(2026, 12, 29)), as_of=date(2026, 12, 1))
    assert outcome.due_date == date(2026, 12, 23)
    assert outcome.status == Status.DUE_SOON


def test_licence_approved_erd_on_a_saturday_counts_back_from_friday() -> None:
    outcome = result("licence-approved", make(crd=date(2026, 3, 28)), as_of=date(2026, 3, 1))
    assert outcome.due_date == date(2026, 3, 26)


def test_release_address_has_an_84_day_window() -> None:
    facts = make()
    assert result("release-address", facts, date(2026, 6, 4)).status == Status.DUE_SOON
    assert result("release-address", facts, date(2026, 6, 3)).status == Status.NOT_YET_DUE
    met = result("release-address", make(accommodation_confirmed_date=date(2026, 8, 1)), CRD)
    assert met.status == Status.MET


def test_licence_approved_remand_is_not_applicable() -> None:
    outcome = result("licence-approved", make(sentence_type="remand"))
    assert outcome.status == Status.NOT_APPLICABLE
    assert outcome.explanation.startswith("Not applicable: applies only to sentenced prisoners")


# --- COM allocated (handover): the four branches in order ----------------------------------


def test_com_allocated_indeterminate_is_erd_minus_12_months() -> None:
    facts = make(sentence_type="indeterminate", crd=None, ted=date(2027, 9, 1))
    outcome = result("com-allocated", facts)
    assert outcome.due_date == date(2026, 9, 1)
    assert outcome.erd_source == ErdSource.TED
    assert "ERD 1 September 2027 (TED) minus 12 months (indeterminate sentence)" in (
        outcome.explanation
    )


def test_com_allocated_ped_set_is_erd_minus_12_months() -> None:
    outcome = result("com-allocated", make(ped=date(2026, 9, 1), crd=date(2027, 3, 1)))
    assert outcome.due_date == date(2025, 9, 1)
    assert "minus 12 months (PED set)" in outcome.explanation


def test_com_allocated_recall_is_the_reception_date() -> None:
    outcome = result(
        "com-allocated", make(sentence_type="recall", reception_date=date(2026, 1, 10))
    )
    assert outcome.due_date == date(2026, 1, 10)
    assert "reception 10 January 2026 (recall)" in outcome.explanation


def test_com_allocated_recall_with_a_ped_uses_the_first_branch() -> None:
    outcome = result("com-allocated", make(sentence_type="recall", ped=date(2026, 9, 1)))
    assert outcome.due_date == date(2025, 9, 1)


def test_com_allocated_recall_without_reception_date_is_not_applicable() -> None:
    outcome = result("com-allocated", make(sentence_type="recall", reception_date=None))
    assert outcome.status == Status.NOT_APPLICABLE
    assert outcome.explanation == "Not applicable: no reception date recorded for a recall"


def test_com_allocated_short_sentence_is_the_sentence_start() -> None:
    # 1 January 2026 + 10 months = 1 November 2026, on or after the ERD.
    outcome = result("com-allocated", make(sentence_start_date=date(2026, 1, 1)))
    assert outcome.due_date == date(2026, 1, 1)
    assert "sentence start 1 January 2026" in outcome.explanation


def test_com_allocated_sentence_start_plus_10_months_equal_to_erd_is_the_sentence_start() -> None:
    # 1 November 2025 + 10 months = 1 September 2026 = ERD.
    outcome = result("com-allocated", make(sentence_start_date=date(2025, 11, 1)))
    assert outcome.due_date == date(2025, 11, 1)


def test_com_allocated_sentence_start_plus_10_months_before_erd_is_the_default() -> None:
    # 31 October 2025 + 10 months = 31 August 2026, the day before the ERD.
    outcome = result("com-allocated", make(sentence_start_date=date(2025, 10, 31)))
    assert outcome.due_date == date(2025, 12, 18)


def test_com_allocated_default_is_erd_minus_8_months_and_14_days() -> None:
    outcome = result("com-allocated", make())
    assert outcome.due_date == date(2025, 12, 18)
    assert "ERD 1 September 2026 (CRD) minus 8 months and 14 days" in outcome.explanation


def test_com_allocated_default_clamps_months_before_days() -> None:
    # 31 October 2026 minus 8 months = 28 February 2026 (clamped), minus 14 days = 14 February.
    outcome = result("com-allocated", make(crd=date(2026, 10, 31)))
    assert outcome.due_date == date(2026, 2, 14)


def test_com_allocated_without_sentence_start_is_the_default() -> None:
    outcome = result("com-allocated", make(sentence_start_date=None))
    assert outcome.due_date == date(2025, 12, 18)


def test_com_allocated_met_on_time() -> None:
    outcome = result("com-allocated", make(com_allocated_date=date(2025, 12, 1)))
    assert outcome.status == Status.MET
    assert outcome.explanation.startswith("Met on 1 December 2025")


# --- OASys current: rolling ----------------------------------------------------------------
#
# Last OASys 1 February 2026: due 364 days later, 31 January 2027 (2026 is not a leap year,
# so 365 days later would be 1 February 2027); window opens 3 January 2027.


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        pytest.param(date(2026, 3, 13), Status.MET, id="current"),
        pytest.param(date(2027, 1, 2), Status.MET, id="day-before-window"),
        pytest.param(date(2027, 1, 3), Status.DUE_SOON, id="window-start"),
        pytest.param(date(2027, 1, 31), Status.DUE_SOON, id="due-today"),
        pytest.param(date(2027, 2, 1), Status.OVERDUE, id="due-yesterday"),
    ],
)
def test_oasys_current_rolling_statuses(as_of: date, status: Status) -> None:
    outcome = result("oasys-current", make(oasys_completed_date=date(2026, 2, 1)), as_of)
    assert outcome.due_date == date(2027, 1, 31)
    assert outcome.status == status
    assert outcome.completed_date == date(2026, 2, 1)
    assert outcome.authority == Authority.NATIONAL_POLICY
    assert "last OASys 1 February 2026 plus 364 days (52 weeks)" in outcome.explanation


def test_oasys_current_met_explanation() -> None:
    outcome = result("oasys-current", make(oasys_completed_date=date(2026, 2, 1)))
    assert outcome.explanation.startswith(
        "Met: last completed on 1 February 2026 and still current"
    )


def test_oasys_current_overdue_explanation() -> None:
    outcome = result("oasys-current", make(oasys_completed_date=date(2025, 3, 1)))
    # 1 March 2025 + 364 days = 28 February 2026; 13 March is 13 days later.
    assert outcome.explanation.startswith("Overdue by 13 days; due 28 February 2026")


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        pytest.param(date(2026, 3, 13), Status.NOT_YET_DUE, id="not-yet-due"),
        pytest.param(date(2026, 3, 29), Status.DUE_SOON, id="window-start"),
        pytest.param(date(2026, 4, 26), Status.DUE_SOON, id="due-today"),
        pytest.param(date(2026, 4, 27), Status.OVERDUE, id="due-yesterday"),
    ],
)
def test_oasys_current_without_oasys_is_56_days_after_reception(
    as_of: date, status: Status
) -> None:
    # 1 March 2026 + 56 days = 26 April 2026.
    facts = make(reception_date=date(2026, 3, 1), oasys_completed_date=None)
    outcome = result("oasys-current", facts, as_of)
    assert outcome.due_date == date(2026, 4, 26)
    assert outcome.status == status
    assert outcome.completed_date is None
    assert outcome.authority == Authority.LOCAL_DEFAULT
    assert "local default" in outcome.explanation


def test_oasys_current_ignores_an_oasys_after_as_of() -> None:
    # Reception 1 January 2026 + 56 days = 26 February 2026; 13 March is 15 days later.
    facts = make(reception_date=date(2026, 1, 1), oasys_completed_date=date(2026, 3, 20))
    outcome = result("oasys-current", facts)
    assert outcome.due_date == date(2026, 2, 26)
    assert outcome.status == Status.OVERDUE
    assert outcome.days_overdue == 15
    assert outcome.completed_date is None
    assert "is ignored" in outcome.explanation


def test_oasys_current_without_oasys_or_reception_is_not_applicable() -> None:
    outcome = result("oasys-current", make(reception_date=None, oasys_completed_date=None))
    assert outcome.status == Status.NOT_APPLICABLE
    assert outcome.explanation == "Not applicable: no OASys and no reception date recorded"


def test_oasys_current_does_not_need_an_erd() -> None:
    outcome = result("oasys-current", make(crd=None))
    assert outcome.status == Status.MET
    assert outcome.earliest_release_date is None


def test_oasys_current_remand_is_not_applicable() -> None:
    outcome = result("oasys-current", make(sentence_type="remand"))
    assert outcome.status == Status.NOT_APPLICABLE


# --- earliest release date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, Erd(CRD, ErdSource.CRD), id="determinate-crd"),
        pytest.param(
            {"ard": date(2026, 6, 1)}, Erd(date(2026, 6, 1), ErdSource.ARD), id="ard-earlier"
        ),
        pytest.param({"ard": date(2026, 12, 1)}, Erd(CRD, ErdSource.CRD), id="crd-earlier"),
        pytest.param(
            {"crd": None, "ard": date(2026, 12, 1)},
            Erd(date(2026, 12, 1), ErdSource.ARD),
            id="ard-only",
        ),
        pytest.param(
            {"ped": date(2027, 1, 1), "ard": date(2026, 6, 1)},
            Erd(date(2027, 1, 1), ErdSource.PED),
            id="ped-beats-ard-and-crd",
        ),
        pytest.param(
            {"confirmed_release_date": date(2026, 10, 5), "ped": date(2026, 5, 1)},
            Erd(date(2026, 10, 5), ErdSource.CONFIRMED_RELEASE_DATE),
            id="confirmed-beats-everything",
        ),
        pytest.param(
            {"sentence_type": "recall", "ped": date(2026, 5, 1)},
            Erd(date(2026, 5, 1), ErdSource.PED),
            id="recall-ped",
        ),
        pytest.param(
            {"sentence_type": "recall", "ard": date(2026, 4, 1)},
            Erd(date(2026, 4, 1), ErdSource.ARD),
            id="recall-earlier-of-ard-and-crd",
        ),
        pytest.param(
            {"sentence_type": "indeterminate", "ted": date(2027, 1, 1), "thd": date(2026, 6, 1)},
            Erd(date(2027, 1, 1), ErdSource.TED),
            id="indeterminate-ted-in-future",
        ),
        pytest.param(
            {"sentence_type": "indeterminate", "ted": date(2020, 1, 1), "thd": date(2026, 6, 1)},
            Erd(date(2026, 6, 1), ErdSource.THD),
            id="indeterminate-ted-in-past-uses-thd",
        ),
        pytest.param(
            {"sentence_type": "indeterminate", "ted": AS_OF, "thd": date(2026, 6, 1)},
            Erd(date(2026, 6, 1), ErdSource.THD),
            id="indeterminate-ted-today-uses-thd",
        ),
        pytest.param(
            {"sentence_type": "indeterminate", "ted": date(2020, 1, 1)},
            None,
            id="indeterminate-ted-in-past-no-thd",
        ),
        pytest.param(
            {"sentence_type": "indeterminate", "confirmed_release_date": date(2026, 7, 7)},
            Erd(date(2026, 7, 7), ErdSource.CONFIRMED_RELEASE_DATE),
            id="indeterminate-confirmed",
        ),
        pytest.param({"sentence_type": "remand"}, None, id="remand-none"),
        pytest.param(
            {"sentence_type": "remand", "confirmed_release_date": date(2026, 7, 7)},
            Erd(date(2026, 7, 7), ErdSource.CONFIRMED_RELEASE_DATE),
            id="remand-with-a-confirmed-release-date",
        ),
        pytest.param({"crd": None}, None, id="determinate-without-dates"),
        # A PED is the ERD while it is on or after as_of ...
        pytest.param(
            {"ped": AS_OF, "ard": date(2026, 6, 1)},
            Erd(AS_OF, ErdSource.PED),
            id="ped-on-as-of-is-still-the-erd",
        ),
        # ... and once it has passed without release, the earlier of the ARD and CRD.
        pytest.param(
            {"ped": AS_OF - timedelta(days=1)},
            Erd(CRD, ErdSource.CRD),
            id="ped-passed-falls-back-to-the-crd",
        ),
        pytest.param(
            {"ped": date(2026, 1, 5), "ard": date(2026, 6, 1)},
            Erd(date(2026, 6, 1), ErdSource.ARD),
            id="ped-passed-falls-back-to-the-earlier-ard",
        ),
        pytest.param(
            {"sentence_type": "recall", "ped": date(2026, 1, 5)},
            Erd(CRD, ErdSource.CRD),
            id="recall-ped-passed-falls-back-to-the-crd",
        ),
        pytest.param(
            {"ped": date(2026, 1, 5), "crd": None},
            Erd(date(2026, 1, 5), ErdSource.PED),
            id="ped-passed-with-no-ard-or-crd-stays-the-erd",
        ),
        pytest.param(
            {"ped": date(2026, 1, 5), "released_on": date(2026, 1, 5)},
            Erd(date(2026, 1, 5), ErdSource.PED),
            id="released-on-the-ped-keeps-the-ped",
        ),
        pytest.param(
            {"ped": date(2026, 1, 5), "released_on": date(2026, 2, 1)},
            Erd(CRD, ErdSource.CRD),
            id="released-after-the-ped-it-passed-without-release",
        ),
        pytest.param(
            {"confirmed_release_date": date(2026, 1, 20), "ped": date(2026, 1, 5)},
            Erd(date(2026, 1, 20), ErdSource.CONFIRMED_RELEASE_DATE),
            id="passed-confirmed-release-date-stays-the-erd",
        ),
    ],
)
def test_earliest_release_date(changes: dict[str, Any], expected: Erd | None) -> None:
    assert earliest_release_date(make(**changes), AS_OF) == expected


def test_erd_moves_from_a_passed_ped_to_the_crd_the_day_after_it() -> None:
    facts = make(ped=date(2026, 4, 1))
    assert earliest_release_date(facts, date(2026, 4, 1)) == Erd(date(2026, 4, 1), ErdSource.PED)
    assert earliest_release_date(facts, date(2026, 4, 2)) == Erd(CRD, ErdSource.CRD)
    assert passed_ped(facts, date(2026, 4, 1)) is None
    assert passed_ped(facts, date(2026, 4, 2)) == date(2026, 4, 1)


def test_passed_ped_is_only_for_determinate_and_recall_sentences() -> None:
    indeterminate = make(sentence_type="indeterminate", ped=date(2026, 1, 5), thd=CRD)
    assert passed_ped(indeterminate, AS_OF) is None
    assert passed_ped(make(ped=date(2026, 1, 5), released_on=date(2026, 1, 4)), AS_OF) is None


def test_erd_labels() -> None:
    assert Erd(CRD, ErdSource.CRD).label == "CRD"
    assert Erd(CRD, ErdSource.CONFIRMED_RELEASE_DATE).label == "confirmed release date"
    assert Erd(CRD, ErdSource.THD).describe() == "ERD 1 September 2026 (THD)"


def test_indeterminate_erd_moves_from_ted_to_thd_as_time_passes() -> None:
    facts = make(
        sentence_type="indeterminate", crd=None, ted=date(2026, 6, 1), thd=date(2027, 2, 1)
    )
    assert earliest_release_date(facts, date(2026, 5, 31)) == Erd(date(2026, 6, 1), ErdSource.TED)
    assert earliest_release_date(facts, date(2026, 6, 1)) == Erd(date(2027, 2, 1), ErdSource.THD)


def test_results_carry_the_erd_and_its_source() -> None:
    for outcome in evaluate(make(ard=date(2026, 6, 1)), AS_OF):
        assert outcome.earliest_release_date == date(2026, 6, 1)
        assert outcome.erd_source == ErdSource.ARD


# --- evaluate ------------------------------------------------------------------------------


def test_evaluate_returns_every_rule_in_order() -> None:
    outcomes = evaluate(make(), AS_OF)
    assert [o.rule for o in outcomes] == [rule.code for rule in RULES]
    assert len(outcomes) == len(RULES)
    check_invariants(outcomes)


def test_evaluate_remand_is_all_not_applicable() -> None:
    outcomes = evaluate(make(sentence_type="remand", mappa_category=1, rosh="high"), AS_OF)
    assert {o.status for o in outcomes} == {Status.NOT_APPLICABLE}
    assert all(o.explanation.startswith("Not applicable: ") for o in outcomes)


def test_evaluate_rule_computes_the_erd_when_not_given() -> None:
    rule = RULES_BY_CODE["mappa-level-set"]
    facts = make(mappa_category=1)
    assert evaluate_rule(rule, facts, AS_OF) == evaluate_rule(
        rule, facts, AS_OF, earliest_release_date(facts, AS_OF)
    )
    given = evaluate_rule(
        rule, facts, AS_OF, Erd(date(2027, 3, 1), ErdSource.CONFIRMED_RELEASE_DATE)
    )
    assert given.due_date == date(2026, 9, 1)


def test_results_are_immutable() -> None:
    outcome = evaluate(make(), AS_OF)[0]
    with pytest.raises(AttributeError):
        outcome.status = Status.MET  # type: ignore[misc]
    with pytest.raises(AttributeError):
        make().crd = None  # type: ignore[misc]


def test_facts_are_made_from_a_row_in_field_order() -> None:
    facts = make(mappa_category=1, rosh="high")
    assert PrisonerFacts._make(tuple(facts)) == facts
    assert PrisonerFacts._fields[0] == "sentence_type"
    assert PrisonerFacts._fields[-1] == "in_resettlement_prison"


def test_facts_from_a_stored_record() -> None:
    """A missing name is unknown, "" in a text fact is None, no exemption is ""."""
    facts = facts_from_record(
        {"sentence_type": "determinate", "crd": CRD, "rosh": "", "accommodation_status": "none"},
        in_resettlement_prison=True,
    )
    assert facts == PrisonerFacts(
        sentence_type="determinate",
        crd=CRD,
        accommodation_status="none",
        in_resettlement_prison=True,
    )
    assert facts.rosh is None and facts.ped is None
    assert facts.resettlement_transfer_exemption == ""


def test_explanation_is_built_from_the_results_own_parts() -> None:
    outcome = result("mappa-level-set", make(mappa_category=1))
    assert outcome.status == Status.OVERDUE
    assert outcome.reason == "MAPPA category 1"
    assert outcome.basis == "ERD 1 September 2026 (CRD) minus 6 months"
    assert outcome.explanation == (
        "Overdue by 12 days; due 1 March 2026: ERD 1 September 2026 (CRD) minus 6 months; "
        "MAPPA category 1"
    )
    # The words follow the fields: a copy with other fields says other things.
    met = outcome._replace(status=Status.MET, completed_date=date(2026, 2, 1), days_overdue=None)
    assert met.explanation.startswith("Met on 1 February 2026; due 1 March 2026: ERD ")
    late = outcome._replace(
        status=Status.MET_LATE, completed_date=date(2026, 3, 4), days_overdue=None
    )
    assert late.explanation.startswith("Met late on 4 March 2026, 3 days after the due date;")


def test_explanations_write_dates_in_words_without_time() -> None:
    outcomes = evaluate(make(mappa_category=1, rosh="high", accommodation_status="none"), AS_OF)
    for outcome in outcomes:
        assert not re.search(r"\d{4}-\d{2}-\d{2}", outcome.explanation)
        assert not re.search(r"\b0\d ", outcome.explanation)
        assert ":00" not in outcome.explanation


def test_same_facts_same_results() -> None:
    facts = make(mappa_category=1)
    assert evaluate(facts, AS_OF) == evaluate(facts._replace(), AS_OF)


# --- invariants over a randomised population ------------------------------------------------


def _random_facts(rng: random.Random, around: date) -> PrisonerFacts:
    def day(low: int, high: int) -> date:
        return around + timedelta(days=rng.randint(low, high))

    def maybe(value: Any, chance: float = 0.5) -> Any:
        return value if rng.random() < chance else None

    start = day(-3000, -1)
    return PrisonerFacts(
        sentence_type=rng.choice(["determinate"] * 5 + ["indeterminate", "recall", "remand"]),
        reception_date=maybe(start - timedelta(days=rng.randint(0, 400)), 0.9),
        sentence_start_date=maybe(start, 0.85),
        sed=maybe(day(-100, 4000)),
        led=maybe(day(-100, 4000), 0.3),
        crd=maybe(day(-60, 2500), 0.85),
        ard=maybe(day(-60, 2500), 0.15),
        ped=maybe(day(-60, 2500), 0.15),
        hdced=maybe(day(-60, 2500), 0.1),
        ted=maybe(day(-1500, 2500), 0.3),
        thd=maybe(day(-200, 2500), 0.3),
        tused=maybe(day(0, 4000), 0.1),
        confirmed_release_date=maybe(day(-5, 120), 0.05),
        offence_category=rng.choice([None, "sexual", "violent", "other"]),
        rosh=rng.choice([None, "low", "medium", "high", "very_high"]),
        osp=rng.choice([None, "low", "medium", "high", "very_high"]),
        oasys_completed_date=maybe(day(-800, 40), 0.8),
        mappa_category=rng.choice([None, None, 1, 2, 3]),
        mappa_level=rng.choice([None, 1, 2, 3]),
        mappa_level_set_date=maybe(day(-500, 40), 0.4),
        com_allocated_date=maybe(day(-500, 40), 0.4),
        irmt_review_date=maybe(day(-500, 40), 0.3),
        accommodation_status=rng.choice(
            [None, "", "settled", "temporary", "approved_premises", "cas3", "none", "unknown"]
        ),
        accommodation_confirmed_date=maybe(day(-200, 40), 0.3),
        ap_application_date=maybe(day(-500, 40), 0.3),
        duty_to_refer_date=maybe(day(-300, 40), 0.3),
        resettlement_plan_date=maybe(day(-300, 40), 0.3),
        resettlement_transfer_date=maybe(day(-300, 40), 0.2),
        resettlement_transfer_exemption=rng.choice(["", "", "", " ", "medical hold"]),
        licence_approved_date=maybe(day(-100, 40), 0.2),
        released_on=maybe(day(-30, 30), 0.05),
        in_resettlement_prison=rng.random() < 0.3,
    )


def test_invariants_hold_over_a_randomised_population() -> None:
    rng = random.Random(20260313)
    seen: set[Status] = set()
    for index in range(2000):
        as_of = date(2024, 1, 1) + timedelta(days=rng.randint(0, 2500))
        facts = _random_facts(rng, as_of)
        outcomes = evaluate(facts, as_of)
        check_invariants(outcomes)
        assert len(outcomes) == len(RULES)
        # The same prisoner evaluated one rule at a time agrees.
        if index % 50 == 0:
            erd = earliest_release_date(facts, as_of)
            assert outcomes == [evaluate_rule(rule, facts, as_of, erd) for rule in RULES]
        seen.update(outcome.status for outcome in outcomes)
    assert seen == set(Status)


def test_invariants_hold_around_every_boundary() -> None:
    rng = random.Random(7)
    for _ in range(200):
        facts = _random_facts(rng, AS_OF)
        for outcome in evaluate(facts, AS_OF):
            if outcome.due_date is None:
                continue
            for offset in (-85, -57, -56, -29, -28, -1, 0, 1):
                check_invariants(evaluate(facts, outcome.due_date + timedelta(days=offset)))


def _broken(**changes: Any) -> RuleResult:
    good = result("mappa-level-set", make(mappa_category=1))
    return good._replace(**changes)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"as_of": date(2026, 3, 1), "days_overdue": 0}, id="overdue-on-due-date"),
        pytest.param({"status": Status.MET}, id="met-without-completion"),
        pytest.param(
            {"status": Status.MET, "completed_date": date(2026, 3, 5), "days_overdue": None},
            id="met-after-due",
        ),
        pytest.param(
            {"status": Status.MET_LATE, "completed_date": date(2026, 2, 5), "days_overdue": None},
            id="met-late-before-due",
        ),
        pytest.param({"completed_date": date(2026, 4, 1)}, id="completion-after-as-of"),
        pytest.param(
            {"status": Status.DUE_SOON, "days_overdue": None, "days_until_due": -12},
            id="due-soon-after-due",
        ),
        pytest.param(
            {"status": Status.EXEMPT, "days_overdue": None}, id="exempt-without-exemption"
        ),
        pytest.param({"erd_source": None}, id="erd-without-source"),
        pytest.param({"status": Status.NOT_APPLICABLE}, id="not-applicable-with-due-date"),
        pytest.param({"days_overdue": 3}, id="wrong-day-count"),
    ],
)
def test_check_invariants_rejects_broken_results(changes: dict[str, Any]) -> None:
    with pytest.raises(InvariantError):
        check_invariants([_broken(**changes)])
    assert invariant_violations([_broken(**changes)])


def test_check_invariants_rejects_mixed_prisoners() -> None:
    one = evaluate(make(), AS_OF)
    other = evaluate(make(), date(2026, 3, 14))
    with pytest.raises(InvariantError):
        check_invariants([one[0], other[1]])
    with pytest.raises(InvariantError):
        check_invariants([one[0], one[0]])


# --- rules as data -------------------------------------------------------------------------


def test_rules_are_declared_once_with_unique_codes() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) == len(RULES)
    assert list(RULES_BY_CODE) == codes
    assert all(RULES_BY_CODE[rule.code] is rule for rule in RULES)


def test_rules_name_real_fields_and_sources() -> None:
    fields = set(PrisonerFacts._fields)
    for rule in RULES:
        assert rule.completed_by in fields
        assert rule.exemption_field is None or rule.exemption_field in fields
        assert rule.title and rule.description and rule.source and rule.authority_note
        assert rule.applies_to_description and rule.anchor_description
        assert rule.window_days > 0
        assert isinstance(rule.authority, Authority)
        assert isinstance(rule.anchor, Anchor)


def test_a_rule_not_counted_from_the_erd_needs_a_hook() -> None:
    declared = RULES_BY_CODE["resettlement-plan"]
    with pytest.raises(ValueError, match="needs a due_date_hook"):
        dataclasses.replace(declared, code="from-reception", anchor=Anchor.RECEPTION)


def test_rule_authorities() -> None:
    local = {rule.code for rule in RULES if rule.authority == Authority.LOCAL_DEFAULT}
    assert local & KNOWN_RULES == {
        "irmt-review",
        "ap-application",
        "resettlement-plan",
        "release-address",
        "health-discharge-plan",
    }


def test_rule_due_date_hook_and_offsets() -> None:
    facts = make(mappa_category=1)
    erd = earliest_release_date(facts, AS_OF)
    assert RULES_BY_CODE["mappa-level-set"].due_date(facts, erd) == date(2026, 3, 1)
    assert RULES_BY_CODE["com-allocated"].due_date(facts, erd) == date(2025, 12, 18)
    assert RULES_BY_CODE["oasys-current"].due_date(facts, None, AS_OF) == date(2027, 1, 31)
    assert RULES_BY_CODE["mappa-level-set"].due_date(facts, None) is None
    assert RULES_BY_CODE["licence-approved"].offset.describe() == "minus 2 working days"
    assert RULES_BY_CODE["com-allocated"].offset.describe() == "minus 8 months and 14 days"
    assert RULES_BY_CODE["oasys-current"].offset.describe() == "plus 364 days"
    assert RULES_BY_CODE["mappa-level-set"].applies(facts)
    assert not RULES_BY_CODE["irmt-review"].applies(facts)


def test_every_rule_code_appears_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.code}`" in text, rule.code


def test_docs_rules_table_is_in_sync() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin = "<!-- BEGIN GENERATED: rules_markdown_table() -->\n"
    end = "\n<!-- END GENERATED: rules_markdown_table() -->"
    assert begin in text and end in text
    table = text.split(begin, 1)[1].split(end, 1)[0]
    assert table == rules_markdown_table(), (
        "docs/deadline-rules.md is out of date; paste rules_markdown_table() between the markers"
    )


# --- constants for Django choices ----------------------------------------------------------


def test_enums_for_model_choices() -> None:
    assert [value for value, _ in SentenceType.choices()] == [
        "determinate",
        "indeterminate",
        "recall",
        "remand",
    ]
    assert SentenceType.DETERMINATE == "determinate"
    assert dict(AccommodationStatus.choices())["cas3"] == "CAS3 transitional accommodation"
    assert dict(RiskLevel.choices())["very_high"] == "Very high"
    assert [v for v, _ in OffenceCategory.choices()] == ["sexual", "violent", "other"]
    assert [v for v, _ in Status.choices()] == [
        "not_applicable",
        "met",
        "met_late",
        "exempt",
        "overdue",
        "due_soon",
        "not_yet_due",
    ]
    assert [v for v, _ in ErdSource.choices()] == [
        "confirmed_release_date",
        "ped",
        "ard",
        "crd",
        "ted",
        "thd",
    ]
    assert dict(Authority.choices()) == {
        "national_policy": "National policy",
        "local_default": "Local default",
    }
    assert [v for v, _ in MappaCategory.choices()] == [1, 2, 3]
    assert MappaLevel(2).label.startswith("Level 2")


def test_sentenced_and_in_custody() -> None:
    assert is_sentenced(make())
    assert is_sentenced(make(sentence_type="recall"))
    assert not is_sentenced(make(sentence_type="remand"))
    assert in_custody(make())
    assert not in_custody(make(released_on=date(2026, 3, 1)))


def test_engine_is_pure() -> None:
    source = Path(rules.__file__).read_text(encoding="utf-8")
    for forbidden in ("today(", "now(", "django", "import time"):
        assert forbidden not in source


# --- health discharge plan ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "reason"),
    [
        ("", None),
        ("physical", "health needs: physical health"),
        ("mental;substance", "health needs: mental health, substance misuse"),
        (
            "physical;mental;substance;social_care",
            "health needs: physical health, mental health, substance misuse, social care",
        ),
    ],
)
def test_health_discharge_plan_applies_to_any_health_need(needs: str, reason: str | None) -> None:
    outcome = result("health-discharge-plan", make(health_needs=needs), as_of=date(2026, 8, 1))
    if reason is None:
        assert outcome.status == Status.NOT_APPLICABLE
    else:
        assert outcome.status == Status.DUE_SOON
        assert outcome.due_date == date(2026, 8, 4)
        assert outcome.explanation.endswith(reason)


def test_health_discharge_plan_applies_whatever_the_sentence_with_an_erd() -> None:
    """Remand with a confirmed release date has an ERD (the rule names no sentence); an
    indeterminate man without a TED or THD has none."""
    remand = make(
        sentence_type="remand", crd=None, confirmed_release_date=CRD, health_needs="physical"
    )
    assert result("health-discharge-plan", remand).due_date == date(2026, 8, 4)
    lifer = make(sentence_type="indeterminate", crd=None, health_needs="physical")
    assert result("health-discharge-plan", lifer).status == Status.NOT_APPLICABLE


def test_health_discharge_plan_met_early_on_time_and_late() -> None:
    facts = make(health_needs="social_care")
    as_of = date(2026, 8, 20)
    for done, status in (
        (date(2026, 3, 1), Status.MET),
        (date(2026, 8, 4), Status.MET),
        (date(2026, 8, 5), Status.MET_LATE),
    ):
        outcome = result("health-discharge-plan", facts._replace(discharge_plan_date=done), as_of)
        assert (outcome.status, outcome.completed_date) == (status, done)
    later = facts._replace(discharge_plan_date=date(2026, 8, 21))
    assert result("health-discharge-plan", later, as_of).status == Status.OVERDUE


# --- an establishment's settings --------------------------------------------------------


def test_no_settings_and_empty_settings_give_the_declared_results() -> None:
    facts = make(mappa_category=1, rosh="high")
    assert evaluate(facts, AS_OF, {}) == evaluate(facts, AS_OF) == evaluate(facts, AS_OF, None)


def test_a_switched_off_rule_is_not_applicable_with_the_establishments_words() -> None:
    local = {"irmt-review": LocalRule(True, None, "switched off at Littlehey (HMP): no IRMT")}
    result = evaluate_rule(RULES_BY_CODE["irmt-review"], make(rosh="high"), AS_OF, local=local)
    assert result.status == Status.NOT_APPLICABLE
    assert result.explanation == "Not applicable: switched off at Littlehey (HMP): no IRMT"
    others = evaluate(make(rosh="high"), AS_OF, local)
    changed = {
        a.rule for a, b in zip(others, evaluate(make(rosh="high"), AS_OF), strict=True) if a != b
    }
    assert changed == {"irmt-review"}


def test_a_changed_offset_counts_from_the_erd_and_says_whose_setting_it_is() -> None:
    local = {"irmt-review": LocalRule(False, Offset(months=4), "Littlehey (HMP)'s setting")}
    result = evaluate_rule(RULES_BY_CODE["irmt-review"], make(rosh="high"), AS_OF, local=local)
    assert result.due_date == date(2026, 5, 1)
    assert result.basis == "ERD 1 September 2026 (CRD) minus 4 months (Littlehey (HMP)'s setting)"


def test_which_rules_an_establishment_may_change() -> None:
    switchable = {rule.code for rule in RULES if may_switch_off(rule)}
    offsets = {rule.code for rule in RULES if may_change_offset(rule)}
    local_defaults = {rule.code for rule in RULES if rule.authority == Authority.LOCAL_DEFAULT}
    assert switchable == local_defaults | {"resettlement-transfer"}
    assert offsets <= local_defaults
    assert "mappa-level-set" not in switchable  # national policy
