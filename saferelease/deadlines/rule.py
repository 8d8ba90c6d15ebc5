"""How a deadline rule is declared: :class:`Rule`, :class:`Offset` and :class:`DueDateHook`.

Each rule is one module in :mod:`saferelease.deadlines.rules`: its docstring is the rule in
words (title, what it requires, its policy source; read by :meth:`RuleText.parse`), and
``RULE`` is its declaration::

    \"\"\"MAPPA level set

    The MAPPA management level is confirmed at least 6 months before the ERD ...

    Source: HMIP expectation; Littlehey 2015 recommendation 5.52
    \"\"\"

    RULE: Final = Rule(
        code="mappa-level-set",
        text=RuleText.parse(__doc__),
        outstanding="MAPPA level not set",
        applies_to=mappa_categorised,
        applies_to_description="prisoners in MAPPA category 1, 2 or 3",
        offset=Offset(months=6),
        ...
    )

A rule's due date is either its ``offset`` before the ERD (most rules) or, when the rule
needs more than one offset or counts from another date, what its ``due_date_hook``
computes; a rule with a hook declares no offset or anchor of its own (the hook states
them, with the words ``docs/deadline-rules.md`` shows).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, NamedTuple

from saferelease.core.calendar import add_months, add_working_days, days_phrase
from saferelease.deadlines.engine import Due, offset_due_from_erd
from saferelease.deadlines.erd import Erd
from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.vocabularies import Anchor, Authority, Direction, Severity

__all__ = [
    "NO_OFFSET",
    "AppliesTo",
    "Due",
    "DueDateHook",
    "Offset",
    "Rule",
    "RuleText",
]


class Offset(NamedTuple):
    """How far a due date is from its anchor: calendar months first (clamped to the end of
    a shorter month), then days, then working days, before or after the anchor.

    A named tuple (immutable, and cheap to hash for the memoised due-date arithmetic).
    """

    months: int = 0
    days: int = 0
    working_days: int = 0
    direction: Direction = Direction.BEFORE

    def apply(self, anchor: dt.date) -> dt.date:
        """The date this offset away from ``anchor``."""
        sign = -1 if self.direction == Direction.BEFORE else 1
        result = anchor
        if self.months:
            result = add_months(result, sign * self.months)
        if self.days:
            result = result + dt.timedelta(days=sign * self.days)
        if self.working_days:
            result = add_working_days(result, sign * self.working_days)
        return result

    def describe(self) -> str:
        """ "minus 8 months and 14 days", "plus 364 days", "minus 2 working days"."""
        parts: list[str] = []
        if self.months:
            parts.append("1 month" if self.months == 1 else f"{self.months} months")
        if self.days:
            parts.append(days_phrase(self.days))
        if self.working_days:
            count = self.working_days
            parts.append("1 working day" if count == 1 else f"{count} working days")
        if not parts:
            return "plus 0 days"
        sign = "minus" if self.direction == Direction.BEFORE else "plus"
        return f"{sign} {' and '.join(parts)}"


#: No offset: what a rule with a ``due_date_hook`` leaves undeclared.
NO_OFFSET: Final = Offset()

#: Returns the reason the rule applies (e.g. "MAPPA category 1"), or None if it does not.
AppliesTo = Callable[[PrisonerFacts], str | None]


@dataclass(frozen=True, slots=True)
class DueDateHook:
    """A due date computed by a function, for a rule that needs more than one offset from
    the ERD or counts from another date (the COM handover's branches, OASys' rolling
    currency).

    ``compute(facts, erd, as_of)`` returns the :class:`Due` (``as_of`` matters only to
    rolling rules). ``anchor`` and ``counts_from`` say what it counts from, ``offset`` is
    the offset it applies in the usual case and ``offset_words`` all its cases in words
    (the "counts from" and "offset" columns of ``docs/deadline-rules.md``).
    """

    compute: Callable[[PrisonerFacts, Erd | None, dt.date | None], Due]
    anchor: Anchor
    counts_from: str
    offset: Offset
    offset_words: str


class RuleText(NamedTuple):
    """A rule in words, read from its module's docstring by :meth:`parse`."""

    title: str
    description: str
    source: str

    @classmethod
    def parse(cls, docstring: str | None) -> RuleText:
        """Three paragraphs: the title (one line), the rule in words, and ``Source: `` with
        its policy source. Line breaks inside a paragraph are spaces."""
        paragraphs = [
            " ".join(paragraph.split())
            for paragraph in inspect.cleandoc(docstring or "").split("\n\n")
            if paragraph.strip()
        ]
        if len(paragraphs) != 3 or not paragraphs[2].startswith("Source: "):
            raise ValueError(
                "A rule's docstring has three paragraphs: its title, the rule in words, and "
                f"'Source: ' with its policy source; got {docstring!r}"
            )
        title, description, source = paragraphs
        return cls(title, description, source.removeprefix("Source: "))


#: The man every rule's worked example starts from: a determinate sentence that started on
#: 10 January 2023, a CRD (so ERD) of Tuesday 1 September 2026 (Monday 31 August 2026 is the
#: late summer bank holiday), SED and LED 1 September 2028, OASys completed 1 February 2026,
#: nothing else recorded.
EXAMPLE_MAN: Final[Mapping[str, object]] = {
    "sentence_type": "determinate",
    "reception_date": dt.date(2023, 1, 10),
    "sentence_start_date": dt.date(2023, 1, 10),
    "crd": dt.date(2026, 9, 1),
    "sed": dt.date(2028, 9, 1),
    "led": dt.date(2028, 9, 1),
    "oasys_completed_date": dt.date(2026, 2, 1),
}


def example_man(**changes: object) -> PrisonerFacts:
    """:data:`EXAMPLE_MAN` with ``changes`` (fields of :class:`PrisonerFacts`)."""
    return PrisonerFacts(**{**EXAMPLE_MAN, **changes})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkedExample:
    """A rule worked by hand for :data:`EXAMPLE_MAN`: the ``changes`` to him that put him in
    the rule's population, the ``due`` date the rule's words give, and the ``working`` in
    words. The docs table shows the working; the boundary tests
    (``saferelease/deadlines/tests/test_rules.py``) check the engine gives this due date
    and the right status on and around it, so a rule's expected dates live beside its words.
    """

    due: dt.date
    working: str
    changes: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def man(self) -> PrisonerFacts:
        return example_man(**self.changes)


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Rule:
    """One release-planning deadline, declared as data.

    ``text`` is the rule in words (:attr:`title`, :attr:`description`, :attr:`source`).
    ``applies_to`` is the population: it returns a short reason in words when the rule
    applies to a prisoner ("MAPPA category 1") and None when it does not;
    ``applies_to_description`` says the same for everybody. The due date is ``offset``
    before (or after) the ERD, unless ``due_date_hook`` computes it; then ``offset`` and
    ``anchor`` are the hook's. ``completed_by`` and ``exemption_field`` name
    :class:`PrisonerFacts` fields. ``window_days`` is the warning period before the due
    date. ``rolling`` rules (OASys) are never finished: they are met while the last
    completion is current. ``needs_erd`` is False for a rule that applies without an ERD.
    ``severity`` orders alerts (high first; see :class:`Severity`). ``short_title`` names
    the task in a tag ("MAPPA level" overdue); the title when not given.
    ``outstanding`` is the task still to do as staff say it ("MAPPA level not set"), for
    the home pages' lists. ``local_condition`` is the question an establishment answers
    when the rule applies only where it says so ("Are men expected to transfer ..."): such
    a rule can be switched off by the establishment whatever its authority
    (``settings.py``). ``example`` is the rule worked by hand (:class:`WorkedExample`);
    every rule that needs an ERD has one.

    Rules compare and hash by identity (``eq=False``): each is declared once. A declaration
    that contradicts itself is refused when the module is imported.
    """

    code: str
    text: RuleText
    outstanding: str
    applies_to: AppliesTo
    applies_to_description: str
    window_days: int
    completed_by: str
    authority: Authority
    authority_note: str
    severity: Severity = Severity.MEDIUM
    short_title: str = ""
    local_condition: str = ""
    offset: Offset = NO_OFFSET
    due_date_hook: DueDateHook | None = None
    anchor: Anchor = Anchor.ERD
    needs_erd: bool = True
    exemption_field: str | None = None
    rolling: bool = False
    example: WorkedExample | None = None

    def __post_init__(self) -> None:
        hook = self.due_date_hook
        if hook is None:
            if self.anchor != Anchor.ERD:
                raise ValueError(
                    f"{self.code}: a rule not counted from the ERD needs a due_date_hook"
                )
            if self.offset == NO_OFFSET:
                raise ValueError(f"{self.code}: declare an offset from the ERD or a due_date_hook")
        else:
            if self.offset not in (NO_OFFSET, hook.offset) or self.anchor not in (
                Anchor.ERD,
                hook.anchor,
            ):
                raise ValueError(
                    f"{self.code}: a rule with a due_date_hook declares no offset or anchor "
                    "(the hook states them)"
                )
            object.__setattr__(self, "offset", hook.offset)
            object.__setattr__(self, "anchor", hook.anchor)
        for name in (self.completed_by, self.exemption_field):
            if name is not None and name not in PrisonerFacts._fields:
                raise ValueError(f"{self.code}: {name!r} is not a PrisonerFacts field")
        if not self.outstanding.strip():
            raise ValueError(f"{self.code}: say what is outstanding (outstanding=...)")
        if self.window_days <= 0:
            raise ValueError(f"{self.code}: window_days must be positive")
        if self.example is not None:
            unknown = set(self.example.changes) - set(PrisonerFacts._fields)
            if unknown:
                raise ValueError(f"{self.code}: the example changes unknown facts {unknown}")

    @property
    def title(self) -> str:
        """ "MAPPA level set"."""
        return self.text.title

    @property
    def item(self) -> str:
        """The task's short name, for tags: "MAPPA level" (as in "MAPPA level overdue")."""
        return self.short_title or self.text.title

    @property
    def description(self) -> str:
        """The rule in words, one paragraph."""
        return self.text.description

    @property
    def source(self) -> str:
        """The policy source ("Housing Act 1996 s.213B ...")."""
        return self.text.source

    @property
    def anchor_description(self) -> str:
        """What the due date counts from, in words ("the ERD")."""
        return self.due_date_hook.counts_from if self.due_date_hook else "the ERD"

    @property
    def offset_words(self) -> str:
        """The offset in words: the hook's words, else ``offset.describe()``."""
        return self.due_date_hook.offset_words if self.due_date_hook else self.offset.describe()

    @property
    def not_applicable_words(self) -> str:
        """Why the rule does not apply to someone outside its population."""
        return f"applies only to {self.applies_to_description}"

    def applies(self, facts: PrisonerFacts) -> bool:
        """Whether the prisoner is in the rule's population (ignoring the ERD)."""
        return self.applies_to(facts) is not None

    def due(self, facts: PrisonerFacts, erd: Erd | None, as_of: dt.date | None = None) -> Due:
        """The due date with its explanation (``as_of`` matters only to rolling rules)."""
        if self.due_date_hook is not None:
            return self.due_date_hook.compute(facts, erd, as_of)
        if erd is None:
            return Due(None, "no earliest release date", self.authority)
        return offset_due_from_erd(erd, self.offset, self.authority)

    def due_date(
        self, facts: PrisonerFacts, erd: Erd | None, as_of: dt.date | None = None
    ) -> dt.date | None:
        """The due date alone (None when there is nothing to count from)."""
        return self.due(facts, erd, as_of).date
