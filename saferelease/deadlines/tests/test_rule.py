"""Declaring a rule: its words from the docstring, and declarations that are refused."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from datetime import date
from pathlib import Path

import pytest

from saferelease import deadlines
from saferelease.deadlines import (
    RULES,
    RULES_BY_CODE,
    Anchor,
    Authority,
    Direction,
    Due,
    DueDateHook,
    Offset,
    PrisonerFacts,
    Rule,
    RuleText,
)
from saferelease.deadlines import rules as registry
from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced

DOCSTRING = """Licence approved early

The licence is approved 5 working days before the ERD,
wrapped over two lines.

Source: A local agreement
"""


def declare(**changes: object) -> Rule:
    fields: dict[str, object] = {
        "code": "licence-early",
        "text": RuleText.parse(DOCSTRING),
        "outstanding": "Licence not approved early",
        "applies_to": sentenced,
        "applies_to_description": SENTENCED_WORDS,
        "offset": Offset(working_days=5),
        "window_days": 28,
        "completed_by": "licence_approved_date",
        "authority": Authority.LOCAL_DEFAULT,
        "authority_note": "A local default.",
    }
    fields.update(changes)
    return Rule(**fields)  # type: ignore[arg-type]


def test_a_declaration_says_what_is_outstanding() -> None:
    with pytest.raises(ValueError, match="say what is outstanding"):
        declare(outstanding=" ")


def fixed_due(facts: PrisonerFacts, erd: object, as_of: date | None) -> Due:
    return Due(facts.reception_date, "reception", Authority.LOCAL_DEFAULT)


HOOK = DueDateHook(
    compute=fixed_due,
    anchor=Anchor.RECEPTION,
    counts_from="the reception date",
    offset=Offset(days=7, direction=Direction.AFTER),
    offset_words="plus 7 days",
)


def test_the_docstring_gives_title_words_and_source() -> None:
    text = RuleText.parse(DOCSTRING)
    assert text == RuleText(
        "Licence approved early",
        "The licence is approved 5 working days before the ERD, wrapped over two lines.",
        "A local agreement",
    )
    rule = declare()
    assert (rule.title, rule.source) == ("Licence approved early", "A local agreement")
    assert rule.anchor_description == "the ERD"
    assert rule.offset_words == "minus 5 working days"


@pytest.mark.parametrize(
    "docstring",
    [
        None,
        "Title only",
        "Title\n\nWords\n\nNo source line",
        "Title\n\nWords\n\nMore words\n\nSource: somewhere",
    ],
)
def test_a_docstring_without_its_three_paragraphs_is_refused(docstring: str | None) -> None:
    with pytest.raises(ValueError, match="three paragraphs"):
        RuleText.parse(docstring)


def test_a_rule_counted_from_the_erd_declares_its_offset() -> None:
    with pytest.raises(ValueError, match="declare an offset"):
        declare(offset=Offset())


def test_a_rule_with_a_hook_takes_its_offset_and_anchor_from_the_hook() -> None:
    rule = declare(offset=Offset(), due_date_hook=HOOK)
    assert rule.anchor == Anchor.RECEPTION
    assert rule.offset == Offset(days=7, direction=Direction.AFTER)
    assert rule.anchor_description == "the reception date"
    assert rule.offset_words == "plus 7 days"
    facts = PrisonerFacts(sentence_type="determinate", reception_date=date(2026, 1, 5))
    assert rule.due_date(facts, None) == date(2026, 1, 5)
    # A copy keeps the hook's offset and anchor.
    assert dataclasses.replace(rule, code="copy").anchor == Anchor.RECEPTION


def test_a_rule_with_a_hook_declares_no_offset_of_its_own() -> None:
    with pytest.raises(ValueError, match="declares no offset or anchor"):
        declare(due_date_hook=HOOK)  # offset=Offset(working_days=5) is left over
    with pytest.raises(ValueError, match="declares no offset or anchor"):
        declare(offset=Offset(), due_date_hook=HOOK, anchor=Anchor.OASYS)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"completed_by": "licence_date"}, "'licence_date' is not a PrisonerFacts field"),
        ({"exemption_field": "reason"}, "'reason' is not a PrisonerFacts field"),
        ({"window_days": 0}, "window_days must be positive"),
    ],
)
def test_declarations_naming_what_does_not_exist_are_refused(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        declare(**changes)


def test_rules_with_hooks_declare_no_offset_in_their_module() -> None:
    """The offset a hook rule reports is the hook's own, which its computation uses."""
    for rule in RULES:
        if rule.due_date_hook is not None:
            assert rule.offset == rule.due_date_hook.offset
            assert rule.anchor == rule.due_date_hook.anchor
    assert RULES_BY_CODE["oasys-current"].anchor == Anchor.OASYS


def test_every_rule_module_is_registered_once() -> None:
    """A rule's module that is missing from RULES (or listed twice) is caught here."""
    modules = [
        importlib.import_module(f"{registry.__name__}.{info.name}")
        for info in pkgutil.iter_modules(registry.__path__)
    ]
    declared = [module.RULE for module in modules]
    assert sorted(rule.code for rule in declared) == sorted(rule.code for rule in RULES)
    assert set(declared) == set(RULES)
    assert len(set(RULES)) == len(RULES)
    for module in modules:
        assert module.RULE.code.replace("-", "_") == module.__name__.rsplit(".", 1)[1]
        assert module.RULE.text == RuleText.parse(module.__doc__)


def test_the_package_is_pure() -> None:
    """No Django, no ORM and no clock anywhere in the deadline rules and engine."""
    root = Path(deadlines.__file__).parent
    sources = [path for path in root.rglob("*.py") if "tests" not in path.parts]
    assert len(sources) > len(RULES)
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for forbidden in ("import django", "from django", "today(", "now(", "import time"):
            assert forbidden not in text, f"{path.name}: {forbidden}"
