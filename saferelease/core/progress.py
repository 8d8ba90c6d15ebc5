"""Progress on the command line: a bar (rich) on a terminal, plain lines otherwise.

``command_progress(stream, label)`` gives a callable ``update(done, total, detail="")`` and
closes the bar when the ``with`` block ends. On a terminal the bar redraws in place; when
the output is a file, a pipe or a CI log, one plain line is written per update, never more
than one a second (and always the last).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO


class Update(Protocol):
    def __call__(self, done: int, total: int | None, detail: str = "") -> None: ...


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


@contextmanager
def command_progress(stream: TextIO, label: str, *, interval: float = 1.0) -> Iterator[Update]:
    if _is_terminal(stream):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(file=stream)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            console=console,
            transient=False,
        ) as bar:
            task = bar.add_task(label, total=None, detail="")

            def update_bar(done: int, total: int | None, detail: str = "") -> None:
                bar.update(task, completed=done, total=total, detail=detail)

            yield update_bar
        return

    last: list[float | str] = [float("-inf"), ""]

    def update_lines(done: int, total: int | None, detail: str = "") -> None:
        now = time.monotonic()
        line = f"{label}: {done}" + (f" of {total}" if total else "")
        if detail:
            line = f"{line} ({detail})"
        final = total is not None and done >= total
        if final or now - float(last[0]) >= interval:
            stream.write(line + "\n")
            stream.flush()
            last[0] = now
            last[1] = ""
        else:
            last[1] = line

    try:
        yield update_lines
    finally:
        if last[1]:
            stream.write(str(last[1]) + "\n")
            stream.flush()
