"""`saferelease actionplan parse|import`: the command-line contract."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from saferelease.actionplans.models import ActionPlan, Inspection
from saferelease.actionplans.parsing import parse_action_plan
from saferelease.actionplans.tests.documents import SEED, SEED_PATH, seed_revised
from saferelease.audit.models import AuditEntry


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("actionplan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_parse_prints_the_json_contract_without_a_database():
    # No django_db mark: touching the database here would fail the test.
    plan = json.loads(_run("parse", str(SEED_PATH), "--format", "json"))
    assert plan == parse_action_plan(SEED, SEED_PATH.name).to_dict()
    assert (plan["establishment"], plan["inspection_start"], plan["inspection_end"]) == (
        "HMP LITTLEHEY",
        "2015-03-02",
        "2015-03-13",
    )
    assert (plan["report_published"], plan["action_plan_submitted"]) == ("2015-07-31", "2015-10-16")
    assert len(plan["items"]) == 64
    five_six = next(item for item in plan["items"] if item["ref"] == "5.6")
    assert five_six["kind"] == "recommendation"
    assert five_six["addressee"] == "the governor"
    assert five_six["area"] == "Self-harm and suicide"
    assert five_six["paragraph_refs"] == ["1.21"] and five_six["repeats"] == ["3.32"]
    assert five_six["decision"] == "accepted" and five_six["decision_as_written"] == "Accepted"
    assert five_six["owners"] == [
        {
            "function": "Head of Safer Custody",
            "target_date": "2016-03-31",
            "target_as_written": "31 March 2016",
        }
    ]
    assert plan["stated_summary"]["recommendations"]["total"] == 58
    assert plan["reconciliation"]["consistent"] is False


def _console_parse(path: str) -> subprocess.CompletedProcess[str]:
    """`saferelease actionplan parse PATH --format json`, as another tool would run it."""
    return subprocess.run(  # noqa: S603 (the test's own interpreter and files)
        [sys.executable, "-m", "saferelease.cli", "actionplan", "parse", path, "--format", "json"],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": ""},
        check=False,
    )


def test_parse_through_the_console_script_exits_non_zero_on_bad_input(tmp_path):
    ok = _console_parse(str(SEED_PATH))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["items"][0]["ref"] == "5.1"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"no table here\njust words\n")
    failed = _console_parse(str(bad))
    assert failed.returncode != 0
    assert failed.stdout == ""
    assert "bad.txt" in failed.stderr


def test_parse_of_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        _run("parse", str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_import_is_idempotent_and_audited_as_cli(tmp_path):
    first = _run("import", str(SEED_PATH))
    assert "Imported 64 items for Littlehey (HMP)" in first
    assert (
        "Reconciliation: Recommendations: the summary states 58 in total but 57 rows were found."
        in first
    )
    assert "No changes" in _run("import", str(SEED_PATH))
    assert ActionPlan.objects.count() == 1
    assert (
        AuditEntry.objects.filter(action="import", channel="cli", actor_username="system").count()
        == 1
    )
    revised = tmp_path / "revised.txt"
    revised.write_bytes(seed_revised())
    dry = _run("import", str(revised), "--dry-run")
    assert "Dry run: 0 added, 1 removed, 2 changed; nothing saved" in dry
    assert "  removed: 5.64" in dry
    assert ActionPlan.objects.get().revision == 1
    assert "Updated Littlehey (HMP)'s plan" in _run("import", str(revised))
    assert ActionPlan.objects.get().revision == 2


@pytest.mark.django_db
def test_import_establishment_option_wins_and_dates_fill_gaps(tmp_path):
    data = SEED.replace("Full Unannounced inspection\t2 – 13 March 2015".encode(), b"")
    path = tmp_path / "nodates.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="enter the date the inspection started"):
        _run("import", str(path))
    _run(
        "import",
        str(path),
        "--establishment",
        "DAI",
        "--inspection-start",
        "2015-03-02",
        "--inspection-end",
        "13/03/2015",
        "--inspection-kind",
        "full_unannounced",
    )
    inspection = Inspection.objects.get()
    assert inspection.establishment.code == "DAI"
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 13),
    )


@pytest.mark.django_db
def test_import_bad_input_fails_and_saves_nothing(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(SEED.replace(b"31 March 2016", b"30 February 2016", 1))
    with pytest.raises(CommandError, match=r"broken\.txt: line"):
        _run("import", str(broken))
    with pytest.raises(CommandError, match="No establishment with code ZZZ"):
        _run("import", str(SEED_PATH), "--establishment", "ZZZ")
    with pytest.raises(CommandError, match="is not a date"):
        _run("import", str(SEED_PATH), "--inspection-start", "March")
    assert Inspection.objects.count() == 0


# --- warnings and --strict ---------------------------------------------------------------

_NO_SUBMISSION = SEED.replace(b"Action Plan Submitted\t16 October 2015\tAttached", b"")


def test_parse_lists_warnings_and_strict_exits_non_zero(tmp_path):
    path = tmp_path / "nosubmission.txt"
    path.write_bytes(_NO_SUBMISSION)
    plain = json.loads(_run("parse", str(path)))
    assert plain["action_plan_submitted"] is None
    assert plain["warnings"] == [
        "action_plan_submitted: the cover gives no date the action plan was submitted"
    ]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 warning") as caught:
        call_command("actionplan", "parse", str(path), "--strict", stdout=out, stderr=err)
    assert caught.value.returncode == 3
    assert json.loads(out.getvalue())["warnings"] == plain["warnings"]  # still printed
    assert "Warning: action_plan_submitted" in err.getvalue()
    # A clear document passes --strict.
    assert json.loads(_run("parse", str(SEED_PATH), "--strict"))["warnings"] == []


@pytest.mark.django_db
def test_import_strict_refuses_an_unclear_document_and_saves_nothing(tmp_path):
    path = tmp_path / "nosubmission.txt"
    path.write_bytes(_NO_SUBMISSION)
    with pytest.raises(CommandError, match="--strict is set and the document is not clear"):
        _run("import", str(path), "--strict")
    assert Inspection.objects.count() == 0
    undated = tmp_path / "nodates.txt"
    undated.write_bytes(
        SEED.replace("Full Unannounced inspection\t2 – 13 March 2015".encode(), b"")
    )
    # Options fill what the cover leaves out; only the kind is still missing.
    with pytest.raises(CommandError, match="inspection_kind"):
        _run(
            "import",
            str(undated),
            "--strict",
            "--inspection-start",
            "2015-03-02",
            "--inspection-end",
            "2015-03-13",
        )
    out = _run(
        "import",
        str(undated),
        "--strict",
        "--inspection-start",
        "2015-03-02",
        "--inspection-end",
        "2015-03-13",
        "--inspection-kind",
        "full_unannounced",
    )
    assert "Imported 64 items" in out
    assert "Warning: Inspection dates: the cover gives no inspection dates" in out
    assert Inspection.objects.get().kind == "full_unannounced"


@pytest.mark.django_db
def test_a_kind_the_cover_does_not_name_is_stored_as_not_stated(tmp_path):
    path = tmp_path / "nokind.txt"
    path.write_bytes(
        SEED.replace(b"Full Unannounced inspection", b"A Response to the HMIP Inspection")
    )
    _run("import", str(path))
    assert Inspection.objects.get().kind == "not_stated"


# --- inspection reports and reviews of progress -----------------------------------------


def test_inspection_report_parse_prints_json(tmp_path):
    from saferelease.actionplans.tests.cycle_documents import REPORT_2015

    path = tmp_path / "report.txt"
    path.write_text(REPORT_2015)
    out = io.StringIO()
    call_command("inspection", "report", "parse", str(path), stdout=out)
    report = json.loads(out.getvalue())
    assert [item["ref"] for item in report["items"]] == ["5.1", "5.6", "5.48", "5.99"]


@pytest.mark.django_db
def test_inspection_report_and_review_import(tmp_path, media_root):
    from saferelease.actionplans.models import ReviewOfProgress
    from saferelease.actionplans.tests.cycle_documents import REPORT_2015, REVIEW_2016

    report = tmp_path / "report.txt"
    report.write_text(REPORT_2015)
    review = tmp_path / "review.txt"
    review.write_text(REVIEW_2016)
    out = io.StringIO()
    call_command("inspection", "report", "import", str(report), stdout=out)
    assert "Imported the report for Littlehey (HMP)" in out.getvalue()
    _run("import", str(SEED_PATH))
    out = io.StringIO()
    call_command(
        "inspection",
        "review",
        "import",
        str(review),
        "--establishment",
        "LTI",
        "--inspection-start",
        "2015-03-02",
        stdout=out,
    )
    assert "with 2 judgements" in out.getvalue()
    assert ReviewOfProgress.objects.get().judgements.count() == 2
    assert AuditEntry.objects.filter(
        channel="cli", object_type="actionplans.reviewofprogress"
    ).exists()
    with pytest.raises(CommandError, match="No inspection of Littlehey"):
        call_command(
            "inspection",
            "review",
            "import",
            str(review),
            "--establishment",
            "LTI",
            "--inspection-start",
            "2014-01-01",
            stdout=io.StringIO(),
        )
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing")
    with pytest.raises(CommandError, match="no recommendations"):
        call_command("inspection", "report", "import", str(bad), stdout=io.StringIO())
