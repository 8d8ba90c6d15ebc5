"""The one row-merging routine shared by every layout (text, docx, xlsx, csv, pdf).

Input: physical rows of cells in the canonical markup (``<b>``, ``<p>`` as in the HMIP text
rendering).  Rules, from the Littlehey 2015 rendering of the Word table:

* a header row (recognised by keywords) is skipped wherever it repeats (page breaks) and may
  re-map the columns;
* a row whose ref cell holds an item number ("5.1", "S1", "P1") starts an item;
* a row with an empty ref cell is a heading when its only text is bold, when all its non-empty
  cells hold the same text (a merged row), or when it is a single cell following a heading or
  opening the table; a non-ref text alone in the ref cell is a heading too;
* any other row with an empty ref cell is a continuation: each cell is appended, column by
  column, to the item above (a page break split the row);
* in the flat CSV/XLSX format a row repeating the ref of the item above adds an owner line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .columns import Column, ColumnMap, detect_header
from .common import clean_ref, is_bold_heading, is_ref, plain
from .headings import Context, apply_heading
from .model import ParseError


@dataclass(frozen=True)
class RawRow:
    """One physical row: its line (text) or row (tables) number and its cells as markup."""

    number: int
    cells: list[str]


@dataclass
class ItemDraft:
    """An item being assembled: one fragment per physical row for every column."""

    ref: str
    number: int
    context: Context
    columns: ColumnMap
    fragments: dict[Column, list[str]] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)

    def add(self, row: RawRow, columns: ColumnMap, only: set[Column] | None = None) -> None:
        self.rows.append(row.number)
        for column in Column:
            value = columns.get(row.cells, column)
            if only is not None and column not in only:
                value = ""
            self.fragments.setdefault(column, []).append(value)


def _heading_text(row: RawRow, columns: ColumnMap, after_heading: bool) -> str | None:
    """The heading of a row with an empty ref cell, or None for a continuation row."""
    filled = [cell for cell in row.cells if plain(cell)]
    if not filled:
        return None
    texts = {plain(cell) for cell in filled}
    if len(filled) == 1 and is_bold_heading(filled[0]):
        return plain(filled[0])
    if len(filled) >= 2 and len(texts) == 1:
        return texts.pop()
    if len(filled) == 1 and after_heading and not columns.flat:
        return plain(filled[0])
    return None


def merge_rows(rows: list[RawRow], columns: ColumnMap, unit: str) -> list[ItemDraft]:
    """Group physical table rows into item drafts carrying their heading context."""
    drafts: list[ItemDraft] = []
    context = Context()
    current: ItemDraft | None = None
    after_heading = True  # the table opens like after a heading
    for row in rows:
        if not any(plain(cell) for cell in row.cells):
            continue
        remapped = detect_header(row.cells)
        if remapped is not None:
            columns = remapped
            continue
        extra = [cell for cell in row.cells[columns.width :] if plain(cell)]
        if extra:
            raise ParseError(
                f"the row has more cells than the table header (extra text '{plain(extra[0])}')",
                line=row.number,
                unit=unit,
            )
        ref_cell = columns.get(row.cells, Column.REF)
        ref = clean_ref(ref_cell)
        if ref and is_ref(ref):
            if columns.flat and current is not None and ref == current.ref:
                _add_flat_owner(current, row, columns, unit)
                continue
            current = ItemDraft(ref=ref, number=row.number, context=context, columns=columns)
            current.add(row, columns)
            drafts.append(current)
            after_heading = False
            continue
        ref_index = columns.positions[Column.REF]
        others = [cell for i, cell in enumerate(row.cells) if plain(cell) and i != ref_index]
        if ref:
            if others and len({plain(cell) for cell in [*others, ref_cell]}) > 1:
                raise ParseError(
                    f"cannot read the row: the first cell '{ref}' is not a recommendation "
                    "number and the row is not a heading",
                    line=row.number,
                    unit=unit,
                )
            context, after_heading = apply_heading(context, plain(ref_cell)), True
            continue
        heading = _heading_text(row, columns, after_heading or current is None)
        if heading is not None:
            context, after_heading = apply_heading(context, heading), True
            continue
        if current is None or after_heading:
            raise ParseError(
                "a row without a recommendation number does not continue any recommendation "
                f"(it follows {'a heading' if current is not None else 'the table header'})",
                line=row.number,
                unit=unit,
            )
        if columns.flat:
            _add_flat_owner(current, row, columns, unit)
        else:
            current.add(row, columns)
    return drafts


_OWNER_COLUMNS = {Column.OWNER, Column.TARGET}


def _add_flat_owner(draft: ItemDraft, row: RawRow, columns: ColumnMap, unit: str) -> None:
    """Flat format: a repeated ref adds an owner line; other cells must be blank or the same."""
    for column in Column:
        if column in _OWNER_COLUMNS or column is Column.REF:
            continue
        value = plain(columns.get(row.cells, column))
        first = plain(draft.fragments.get(column, [""])[0])
        if value and value != first:
            raise ParseError(
                f"item {draft.ref} is repeated with a different {column.value} "
                "(repeat the ref only to add another owner)",
                line=row.number,
                unit=unit,
            )
    draft.add(row, columns, only=_OWNER_COLUMNS)
