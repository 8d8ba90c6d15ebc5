"""The prisoner facts catalogue: one declaration per fact, and what is derived from it."""

from __future__ import annotations

from pathlib import Path

from saferelease.deadlines import RULES, PrisonerFacts, facts
from saferelease.deadlines.catalogue import (
    CSV_COLUMNS,
    CSV_REQUIRED_COLUMNS,
    EDITABLE,
    FACTS,
    FACTS_BY_NAME,
    KEY_DATES,
    RULE_FACTS,
    Column,
    Kind,
    Read,
    prisoner_facts_fields,
)


def test_every_fact_is_declared_once_with_a_label() -> None:
    names = [fact.name for fact in FACTS]
    assert len(names) == len(set(names)) == len(FACTS_BY_NAME)
    assert all(fact.label and fact.label[0].isupper() for fact in FACTS)


def test_prisoner_facts_are_written_out_from_the_catalogue() -> None:
    source = Path(facts.__file__).read_text(encoding="utf-8")
    begin = "    # BEGIN GENERATED: catalogue.prisoner_facts_fields()\n"
    end = "\n    # END GENERATED: catalogue.prisoner_facts_fields()"
    assert begin in source and end in source
    written = source.split(begin, 1)[1].split(end, 1)[0]
    assert written == prisoner_facts_fields(), (
        "saferelease/deadlines/facts.py is out of date: paste "
        "catalogue.prisoner_facts_fields() between the markers"
    )
    assert PrisonerFacts._fields == tuple(fact.name for fact in RULE_FACTS)


def test_the_rules_require_only_the_sentence_type() -> None:
    assert [fact.name for fact in FACTS if fact.read == Read.REQUIRED] == ["sentence_type"]
    assert PrisonerFacts(sentence_type="remand").reception_date is None


def test_every_rules_completion_is_a_declared_date_the_rules_read() -> None:
    for rule in RULES:
        fact = FACTS_BY_NAME[rule.completed_by]
        assert fact.kind == Kind.DATE, rule.code
        assert fact.read == Read.YES and fact.on_record and fact.editable, rule.code
        if rule.exemption_field is not None:
            exemption = FACTS_BY_NAME[rule.exemption_field]
            assert exemption.kind == Kind.TEXT and exemption.editable, rule.code


def test_derived_lists() -> None:
    assert (
        CSV_COLUMNS[:7]
        == CSV_REQUIRED_COLUMNS
        == (
            "prison_number",
            "given_name",
            "family_name",
            "date_of_birth",
            "establishment",
            "reception_date",
            "sentence_type",
        )
    )
    assert "com_name" not in CSV_COLUMNS and "in_resettlement_prison" not in CSV_COLUMNS
    assert KEY_DATES == (
        "sed",
        "led",
        "crd",
        "ard",
        "ped",
        "hdced",
        "ted",
        "thd",
        "tused",
        "confirmed_release_date",
    )
    assert set(KEY_DATES) <= EDITABLE
    assert not EDITABLE & {"prison_number", "establishment", "sentence_type", "released_on"}
    assert all(FACTS_BY_NAME[name].column != Column.NONE for name in KEY_DATES)
    assert facts.TEXT_FACTS == (
        "offence_category",
        "rosh",
        "osp",
        "accommodation_status",
        "ete_on_release",
    )
    assert PrisonerFacts._fields[:-1] == facts.RECORD_FACTS


def test_the_prisoner_file_contract_lists_every_column_in_order() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "prisoner-csv.md"
    table = {
        line.split("`")[1]: line
        for line in docs.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `") and line.split("`")[1] in FACTS_BY_NAME
    }
    assert list(table) == list(CSV_COLUMNS)
    for name, line in table.items():
        assert line.split("|")[2].strip().startswith("yes") == (name in CSV_REQUIRED_COLUMNS)
