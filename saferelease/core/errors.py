"""The database failing under a request or a command: one set of errors and one message.

A write that loses its database connection part way (the server restarted, the connection
killed) raises one of ``DATABASE_ERRORS`` out of its transaction, which is rolled back: the
API answers 503 in the one error format (``core.api``), a command exits 1 with
``DATABASE_UNAVAILABLE``, a page shows it. Integrity errors are not among them: those are
the services' to explain.
"""

from __future__ import annotations

from typing import Final

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS: Final = (OperationalError, InterfaceError)

DATABASE_UNAVAILABLE: Final = (
    "The database could not be reached: nothing was saved. Try again in a few minutes"
)
