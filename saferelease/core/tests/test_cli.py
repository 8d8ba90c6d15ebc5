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
