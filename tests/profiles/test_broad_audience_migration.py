"""The migration that keeps the broad grant in the profile's row fills it from the audience rows that exist."""

from __future__ import annotations

import pytest

from tests.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("profiles", "0015_profile_audience")
AFTER = ("profiles", "0016_broad_audience")


def test_it_fills_the_column_from_the_rows():
    old = migrate_to(BEFORE)
    User = old.get_model("marketplace", "User")
    Profile = old.get_model("profiles", "Profile")
    Audience = old.get_model("profiles", "ProfileAudience")
    profiles = {}
    for name, rows in {"public": [(0, 0)], "platform": [(1, 0), (4, 7)], "network": [(2, 3)], "none": []}.items():
        user = User.objects.create(email=f"{name}@tilburg.nl", is_active=True)
        profiles[name] = Profile.objects.create(user=user, display_name=name, visibility=0)
        Audience.objects.filter(profile=profiles[name]).delete()  # whatever receivers wrote: these rows only
        for kind, key in rows:
            Audience.objects.create(profile=profiles[name], kind=kind, key=key)
    new = migrate_to(AFTER)
    column = dict(new.get_model("profiles", "Profile").objects.values_list("display_name", "broad_audience"))
    assert column == {"public": 0, "platform": 1, "network": None, "none": None}
    migrate_to_latest()
