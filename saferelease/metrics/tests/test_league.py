"""The managers' league table: every establishment with records, by region, one period."""

import datetime as dt

import pytest
from django.core.management import call_command

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.establishments.models import Region
from saferelease.establishments.services import region_save
from saferelease.metrics import league
from saferelease.release_planning.tests.factories import make_prisoner

AS_OF = dt.date(2026, 12, 4)


def test_the_period_is_the_last_twelve_complete_months():
    period = league.league_period(AS_OF)
    assert (period.start, period.end) == (dt.date(2025, 12, 1), dt.date(2026, 11, 30))


@pytest.mark.django_db
def test_league_rows_by_region(make_user):
    manager = make_user("national_manager", (), username="national.league")
    make_prisoner(released_on=dt.date(2026, 6, 1), accommodation_on_release="none")
    east = region_save(actor=COMMAND_LINE, name="East (test)", codes=["LTI", "PBI"])
    west = region_save(actor=COMMAND_LINE, name="West (test)", codes=["DAI"])
    everything = league.league(manager, as_of=AS_OF)
    assert [r.establishment.code for r in everything.rows] == ["LTI"]
    assert everything.rows[0].values["released_homeless_share"] == 1.0
    assert "rule_mappa_level_set_on_time_share" in everything.rows[0].values
    assert [
        r.establishment.code for r in league.league(manager, as_of=AS_OF, region=east).rows
    ] == ["LTI"]
    assert league.league(manager, as_of=AS_OF, region=west).rows == []


@pytest.mark.django_db
def test_regions_are_a_managed_list():
    call_command("regions", "set", "North (test)", "lti", "SFI")
    assert sorted(
        Region.objects.get(name="North (test)").establishments.values_list("code", flat=True)
    ) == ["LTI", "SFI"]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No establishment with code NOPE"):
        call_command("regions", "set", "North (test)", "NOPE")
    assert Region.objects.get(name="North (test)").establishments.count() == 2


@pytest.mark.django_db
def test_region_picker_ignores_bad_input():
    assert league.region_from_query({"region": "abc"}) is None
    assert league.region_from_query({"region": "99999"}) is None
    assert league.region_from_query(None) is None


@pytest.mark.django_db
def test_league_pdf(client, make_user):
    client.force_login(make_user("national_manager", (), username="national.pdf"))
    response = client.get("/dashboards/league.pdf?region=junk")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
