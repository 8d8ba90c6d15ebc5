"""Warm a server process before it takes requests (`config/gunicorn.conf.py`).

gunicorn loads the application once in its master process (``preload_app``) and calls
:func:`warm` there before it forks the workers, so every worker starts with the URL
patterns resolved, every view module imported and every template compiled, instead of
paying for them on its first requests (about 0.8 s for the first request a worker serves
and 0.1 to 0.2 s more for the first of each page; docs/loadtest.md). Nothing here reads
the database, and any connection opened is closed before the fork: workers must not
share one.
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
from pathlib import Path

from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver

import saferelease
from saferelease.core.calendar import bank_holidays

logger = logging.getLogger(__name__)


def template_names() -> list[str]:
    """Every template name under the template directories and the apps' ``templates``."""
    roots = [Path(directory) for engine in engines.all() for directory in engine.template_dirs]
    names: set[str] = set()
    for root in roots:
        if root.is_dir():
            names.update(
                path.relative_to(root).as_posix()
                for path in root.rglob("*")
                if path.is_file() and path.suffix in {".html", ".txt", ".xml"}
            )
    return sorted(names)


#: Modules a server never needs: tests, migrations, commands, and the load test's Locust
#: file (importing Locust patches the standard library for gevent).
SKIPPED = (".tests", ".migrations", ".management", ".locustfile")


def import_modules() -> int:
    """Import every module of the service (the home panels, the PDF and export code and
    others that views import on first use); returns how many."""
    count = 0
    for found in pkgutil.walk_packages(saferelease.__path__, "saferelease."):
        if any(part in found.name for part in SKIPPED):
            continue
        importlib.import_module(found.name)
        count += 1
    return count


def warm() -> int:
    """Import every module, resolve the URL patterns, load the context processors, the
    bank-holiday rules and compile every template into the cached template loader; then
    close any database connection and freeze the objects made so far out of the garbage
    collector's reach (`gc.freeze`: a worker's first collections would otherwise walk them
    all, a pause of 0.1 s or more, and touching them would copy the master's memory pages
    into each worker). Returns how many templates were compiled."""
    import_modules()
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 - populates the patterns, importing every view
    bank_holidays(2000)  # loads the holidays package's rules for England and Wales
    compiled = 0
    for engine in engines.all():
        getattr(getattr(engine, "engine", None), "template_context_processors", None)
        for name in template_names():
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # another engine's template, or a fragment not meant to stand alone
            compiled += 1
    connections.close_all()
    gc.collect()
    gc.freeze()
    logger.info("warmed", extra={"templates": compiled})
    return compiled
