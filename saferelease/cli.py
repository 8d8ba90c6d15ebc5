"""The `saferelease` console script.

`saferelease COMMAND ...` runs the project's management command COMMAND with the
development settings (`saferelease demo`: the demo settings, DEBUG off) unless
DJANGO_SETTINGS_MODULE says otherwise. `saferelease --help`
lists the project's own commands; Django's (migrate, runserver, ...) also work.
"""

from __future__ import annotations

import os
import sys


def _project_commands() -> dict[str, str]:
    from django.core.management import get_commands, load_command_class

    found: dict[str, str] = {}
    for name, app in sorted(get_commands().items()):
        if isinstance(app, str) and app.startswith("saferelease."):
            command = load_command_class(app, name)
            found[name] = (command.help or "").strip().splitlines()[0] if command.help else ""
    return found


def _print_help() -> None:
    print("usage: saferelease COMMAND [options]\n")
    print(
        "Safe Release: release planning, public-protection metrics and inspection action plans.\n"
    )
    print("Commands:")
    commands = _project_commands()
    width = max((len(name) for name in commands), default=10)
    for name, text in commands.items():
        print(f"  {name.ljust(width)}  {text}")
    print("\nRun 'saferelease COMMAND --help' for a command's options.")
    print("Django's own commands (migrate, runserver, check, ...) are available too.")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    settings = "config.settings.demo" if args[:1] == ["demo"] else "config.settings.dev"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()
    if not args or (args[0] in {"-h", "--help", "help"} and len(args) == 1):
        _print_help()
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["saferelease", *args])


if __name__ == "__main__":
    main()
