"""Every GOV.UK and MoJ Frontend class our templates and template tags use exists in the
compiled stylesheet (``static_build/application.css``, built by ``make assets``).

Design-system releases rename and remove classes (GOV.UK Frontend 6 dropped
``govuk-!-font-size-14`` and ``govuk-tag--grey``); a class that no longer exists fails
silently on screen, so this catches it when the packages are upgraded.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
CSS = BASE / "static_build" / "application.css"

#: Classes the design systems put in their documented markup that carry no style of their
#: own (structure, or hooks for JavaScript), and our own hooks with no style.
STRUCTURAL = frozenset(
    {
        "govuk-checkboxes",
        "govuk-file-upload--error",
        "govuk-js-service-navigation-toggle",
        "govuk-radios",
        "govuk-table__body",
        "govuk-table__head",
        "govuk-table__row",
        "govuk-template--rebranded",
        "moj-timeline__header",
    }
)

_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_PYTHON_CLASS = re.compile(r"""["']((?:govuk|moj)-[\w!-]+)["']""")


def _defined() -> set[str]:
    assert CSS.exists(), f"{CSS} is missing: run `make assets` (make test does)"
    text = CSS.read_text(encoding="utf-8")
    return {name.replace("\\", "") for name in re.findall(r"\.((?:govuk|moj)-[\w\\!-]+)", text)}


def _used() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    templates = [*BASE.glob("templates/**/*.html"), *BASE.glob("saferelease/**/templates/**/*.*")]
    for path in templates:
        for attribute in _CLASS_ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
            for name in re.sub(r"{[{%].*?[%}]}", " ", attribute).split():
                # A name built by template tags ("govuk-{% if %}radios...") leaves a
                # fragment ending in "-": not a class to check.
                if name.startswith(("govuk-", "moj-")) and not name.endswith("-"):
                    used.setdefault(name, set()).add(str(path.relative_to(BASE)))
    for path in BASE.glob("saferelease/**/templatetags/*.py"):
        for name in _PYTHON_CLASS.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(str(path.relative_to(BASE)))
    return used


def test_every_design_system_class_used_exists_in_the_stylesheet() -> None:
    defined = _defined()
    used = _used()
    assert len(used) > 50  # the scan found the templates
    missing = {
        name: sorted(paths)
        for name, paths in used.items()
        if name not in defined and name not in STRUCTURAL
    }
    assert not missing, missing


def test_the_structural_allowance_is_still_needed() -> None:
    defined, used = _defined(), _used()
    assert not STRUCTURAL & defined, "styled now: remove from STRUCTURAL"
    assert set(used) >= STRUCTURAL, "no longer used: remove from STRUCTURAL"
