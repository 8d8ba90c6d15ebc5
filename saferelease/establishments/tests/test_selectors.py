import pytest
from django.http import Http404

from saferelease.establishments import selectors
from saferelease.establishments.models import Establishment


@pytest.mark.django_db
def test_register_loaded_with_173_establishments():
    assert Establishment.objects.count() == 173
    littlehey = Establishment.objects.get(code="LTI")
    assert littlehey.name.startswith("Littlehey")
    assert littlehey.designated_resettlement is False
    # Some register codes are longer than three letters.
    assert Establishment.objects.get(code="ZZGHI").name == "Ghost Holding Establishment"
    assert (
        Establishment.objects.filter(active=True).count() == 125
    )  # the register file; its README says 126


@pytest.mark.django_db
def test_caseworker_sees_only_assigned_establishments(make_user):
    user = make_user("caseworker", ("LTI", "SFI"))
    codes = set(selectors.establishments_visible_to(user).values_list("code", flat=True))
    assert codes == {"LTI", "SFI"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["regional_manager", "national_manager", "inspector", "admin"])
def test_wide_roles_see_every_establishment(make_user, role):
    user = make_user(role, ())
    assert selectors.establishments_visible_to(user).count() == 173


@pytest.mark.django_db
def test_littlehey_user_cannot_get_dartmoor(make_user):
    user = make_user("governor", ("LTI",))
    assert selectors.establishment_get(user, "lti").code == "LTI"
    with pytest.raises(Http404):
        selectors.establishment_get(user, "DAI")


@pytest.mark.django_db
def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert selectors.establishments_visible_to(AnonymousUser()).count() == 0


@pytest.mark.django_db
def test_list_filters_by_search_and_active(make_user):
    user = make_user("national_manager", ())
    assert [e.code for e in selectors.establishment_list(user, search="littlehey")] == ["LTI"]
    assert selectors.establishment_list(user, search="DAI").get().code == "DAI"
    closed = selectors.establishment_list(user, active=False)
    assert closed.count() == 173 - 125
