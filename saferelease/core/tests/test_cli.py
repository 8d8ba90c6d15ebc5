import subprocess
import sys


def test_saferelease_help_lists_project_commands():
    result = subprocess.run(
        [sys.executable, "-m", "saferelease.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": ""},
    )
    assert "usage: saferelease COMMAND" in result.stdout
    assert "  user " in result.stdout
    assert "  demo " in result.stdout
    assert "migrate" not in result.stdout.split("Commands:")[1].split("Run ")[0]


def _parsers(parser, path):
    """The parser and every subcommand parser beneath it, with the words that reach it."""
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, [*path, name])


#: Options every Django command has; Django gives each of them its own help text.
_DJANGO_BASE_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def test_every_command_and_every_argument_has_help():
    """`saferelease COMMAND --help` explains each of the project's commands, their
    subcommands, and every positional argument and option."""
    import argparse

    from django.core.management import get_commands, load_command_class

    missing = []
    commands = {n: a for n, a in get_commands().items() if str(a).startswith("saferelease.")}
    assert len(commands) >= 8
    for name, app in sorted(commands.items()):
        command = load_command_class(app, name)
        if not (command.help or "").strip():
            missing.append(f"{name}: the command")
        parser = command.create_parser("saferelease", name)
        for path, sub in _parsers(parser, [name]):
            if len(path) > 1 and not (sub.description or "").strip():
                # A subcommand's summary: help= on add_parser, shown in the parent's list.
                parent_help = [
                    choice.help
                    for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction)
                    for choice in action._choices_actions
                    if choice.dest == path[-1]
                ]
                if not any(parent_help) and not _choice_help(parser, path):
                    missing.append(f"{' '.join(path)}: the subcommand")
            for action in sub._actions:
                if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
                    continue
                if action.dest in _DJANGO_BASE_OPTIONS:
                    continue
                if not (action.help or "").strip() or action.help == argparse.SUPPRESS:
                    missing.append(f"{' '.join(path)}: {action.dest}")
    assert not missing, "no help text for:\n" + "\n".join(missing)


def _choice_help(parser, path):
    """The help a nested subcommand was given in its parent's list of subcommands."""
    import argparse

    current = parser
    text = ""
    for word in path[1:]:
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.dest == word:
                        text = choice.help or ""
                current = action.choices.get(word, current)
    return text
