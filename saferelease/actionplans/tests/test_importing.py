"""Preparing an import: parse, establishment, inspection, revision diff. Nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.importing import ImportOptions, import_prepare
from saferelease.actionplans.models import ActionPlan, Inspection
from saferelease.actionplans.tests.documents import SEED, flat_xlsx, seed_revised

pytestmark = pytest.mark.django_db


def test_seed_matches_littlehey_from_the_document(make_user):
    prepared = import_prepare(actor=make_user("governor", ("LTI",)), data=SEED, filename="seed.txt")
    assert prepared.establishment.code == "LTI"
    assert prepared.establishment_from_document
    assert prepared.start_date == dt.date(2015, 3, 2)
    assert prepared.kind == "full_unannounced"
    assert prepared.is_new and not prepared.no_changes
    assert len(prepared.parsed.items) == 64
    assert Inspection.objects.count() == 0


def test_establishment_option_wins_over_the_document(make_user):
    admin = make_user("admin", ())
    prepared = import_prepare(
        actor=admin, data=SEED, filename="seed.txt", options=ImportOptions(establishment_code="dai")
    )
    assert prepared.establishment.code == "DAI"
    assert not prepared.establishment_from_document


def test_document_establishment_outside_scope_is_refused(make_user):
    governor = make_user("governor", ("DAI",))
    with pytest.raises(ValidationError) as error:
        import_prepare(actor=governor, data=SEED, filename="seed.txt")
    assert "'HMP LITTLEHEY', which matches no establishment you can see" in str(error.value)


def test_establishment_option_outside_scope_is_404(make_user):
    governor = make_user("governor", ("LTI",))
    with pytest.raises(Http404):
        import_prepare(
            actor=governor,
            data=SEED,
            filename="s.txt",
            options=ImportOptions(establishment_code="DAI"),
        )


def test_non_manager_cannot_import(make_user):
    with pytest.raises(PermissionDenied):
        import_prepare(actor=make_user("inspector", ()), data=SEED, filename="seed.txt")


def test_bad_file_names_the_line():
    with pytest.raises(ValidationError) as error:
        import_prepare(actor=COMMAND_LINE, data=b"just some prose\nand more", filename="notes.txt")
    assert "notes.txt" in error.value.message_dict["file"][0]


def test_options_give_missing_dates_and_kind():
    data = SEED.replace(b"Full Unannounced inspection\t2 \xe2\x80\x93 13 March 2015", b"")
    with pytest.raises(ValidationError) as error:
        import_prepare(actor=COMMAND_LINE, data=data, filename="seed.txt")
    assert "inspection_start" in error.value.message_dict
    prepared = import_prepare(
        actor=COMMAND_LINE,
        data=data,
        filename="seed.txt",
        options=ImportOptions(
            inspection_start=dt.date(2015, 3, 2),
            inspection_end=dt.date(2015, 3, 13),
            inspection_kind="full_announced",
        ),
    )
    assert (prepared.start_date, prepared.end_date, prepared.kind) == (
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 13),
        "full_announced",
    )


def test_flat_xlsx_matches_dartmoor_for_the_system():
    prepared = import_prepare(actor=COMMAND_LINE, data=flat_xlsx(), filename="plan.xlsx")
    assert prepared.establishment.code == "DAI"
    assert prepared.start_date == dt.date(2020, 6, 1)


def test_revision_is_diffed_against_the_stored_document():
    services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="seed.txt")
    prepared = import_prepare(actor=COMMAND_LINE, data=seed_revised(), filename="revised.txt")
    assert not prepared.is_new
    assert prepared.diff is not None
    assert prepared.diff.removed == ("5.64",)
    assert [item.ref for item in prepared.diff.changed] == ["5.1", "5.6"]
    assert ActionPlan.objects.get().revision == 1


def test_a_ref_used_twice_is_refused_naming_both_lines():
    data = b"ref,text,decision\n1.1,Fictional one.,Agreed\n1.2,Fictional two.,Agreed\n"
    prepared = import_prepare(
        actor=COMMAND_LINE,
        data=data,
        filename="f.csv",
        options=ImportOptions(establishment_code="LTI", inspection_start=dt.date(2020, 1, 6)),
    )
    assert len(prepared.parsed.items) == 2
    text = (
        SEED.decode()
        .replace("5.2\tThe prison should pursue", "5.1\tThe prison should pursue", 1)
        .encode()
    )
    with pytest.raises(ValidationError) as error:
        import_prepare(actor=COMMAND_LINE, data=text, filename="twice.txt")
    assert (
        "line 21: item 5.1 appears again (first at line 20)" in error.value.message_dict["file"][0]
    )
