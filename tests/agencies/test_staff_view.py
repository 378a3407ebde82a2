"""What staff see of appointments, apart from HTTP (the routes are tested in
tests/web/appointments/test_routes.py)."""
from __future__ import annotations

import pytest

from bot.agencies.staff_view import ALL, NotAllowed, agency_name, scope_of


def test_an_agency_removed_from_the_configuration_keeps_its_code_as_name(config):
    assert agency_name(config, "uwv") == config.uitvoeringsorganisaties["uwv"].naam
    assert agency_name(config, "opgeheven") == "opgeheven"


@pytest.mark.parametrize("roles, scope", [({"kcc"}, ALL), ({"admin", "agency:uwv"}, ALL),
                                          ({"agency:uwv", "agency:svb"}, frozenset({"uwv", "svb"}))])
def test_the_kcc_and_administrators_see_all_an_agency_its_own(roles, scope):
    assert scope_of(frozenset(roles)) == scope


def test_a_role_without_appointments_sees_none():
    with pytest.raises(NotAllowed):
        scope_of(frozenset({"content"}))
