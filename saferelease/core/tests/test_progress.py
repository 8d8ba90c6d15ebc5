"""Command-line progress: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from saferelease.core.progress import command_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    with command_progress(out, "Reading LTI", interval=3600) as update:
        update(1, 3, "2 prisoners")
        update(2, 3, "4 prisoners")  # within the interval: held back
        update(3, 3, "5 prisoners")  # the last: always written
    assert out.getvalue().splitlines() == [
        "Reading LTI: 1 of 3 (2 prisoners)",
        "Reading LTI: 3 of 3 (5 prisoners)",
    ]


def test_the_last_update_is_written_when_the_total_is_unknown() -> None:
    out = io.StringIO()
    with command_progress(out, "Exporting", interval=3600) as update:
        update(1, None)
        update(2, None)
    assert out.getvalue().splitlines() == ["Exporting: 1", "Exporting: 2"]


def test_a_bar_on_a_terminal() -> None:
    out = Terminal()
    with command_progress(out, "Reading LTI") as update:
        update(3, 3, "5 prisoners")
    assert "Reading LTI" in out.getvalue() and "3/3" in out.getvalue()
