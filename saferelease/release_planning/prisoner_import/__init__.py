"""Importing the prisoner file (CSV): the contract is ``docs/prisoner-csv.md``.

Split like the action-plan parser, one job per module. Pure (no database):

- ``contract``: the columns;
- ``model``: what parsing gives (rows, keys, row errors);
- ``reader``: the file's text (bounded and decoded by ``saferelease.core.uploads``) and
  its CSV records;
- ``header``: the header row;
- ``cells``: each column's converter;
- ``rows``: one row checked and typed;
- ``parser``: the whole file, ``parse_prisoner_csv``.

Against the database:

- ``plan``: the scope checks and what would be created and updated;
- ``bulk``: many rows written at once (``COPY`` on PostgreSQL);
- ``save``: the writes and their audit entries;
- ``results``: what an import did;
- ``service``: ``prisoners_import``, all or nothing in one transaction.

The web pages, the API and the command are ``views_import``, ``apis_import`` and
``management/commands/prisoners.py``.
"""

from saferelease.release_planning.prisoner_import.contract import (
    COLUMNS,
    DATE_COLUMNS,
    REQUIRED_COLUMNS,
    REQUIRED_VALUES,
)
from saferelease.release_planning.prisoner_import.model import (
    ParsedFile,
    PrisonerRow,
    RowError,
    RowKey,
)
from saferelease.release_planning.prisoner_import.parser import parse_prisoner_csv
from saferelease.release_planning.prisoner_import.results import (
    ImportResult,
    PrisonerChange,
    PrisonerCreation,
)
from saferelease.release_planning.prisoner_import.service import prisoners_import

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "REQUIRED_COLUMNS",
    "REQUIRED_VALUES",
    "ImportResult",
    "ParsedFile",
    "PrisonerChange",
    "PrisonerCreation",
    "PrisonerRow",
    "RowError",
    "RowKey",
    "parse_prisoner_csv",
    "prisoners_import",
]
