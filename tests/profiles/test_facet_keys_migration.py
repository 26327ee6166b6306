"""The migration that keeps the directory's filter keys in the profile's row fills them from the links."""

from __future__ import annotations

import pytest

from tests.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("profiles", "0016_broad_audience")
AFTER = ("profiles", "0017_facet_keys")


def test_it_fills_the_keys_from_the_links_as_the_code_derives_them():
    from profiles import facets

    old = migrate_to(BEFORE)
    User = old.get_model("marketplace", "User")
    Profile = old.get_model("profiles", "Profile")
    Form = old.get_model("profiles", "EngagementForm")
    Region = old.get_model("networks", "Region")
    # A transactional test before this one may have flushed the rows the data migrations made.
    for code in ("secondment", "zpp", "pro-bono", "temporary", "own-hours"):
        Form.objects.get_or_create(code=code)
    for slug in ("groningen", "friesland", "drenthe"):
        Region.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    forms = list(Form.objects.order_by("pk"))
    regions = list(Region.objects.order_by("pk"))
    links = {
        "both": (forms[3:0:-1], regions[2::-2]),
        "forms": (forms[:1], []),
        "regions": ([], regions[1:2]),
        "none": ([], []),
    }
    for name, (chosen_forms, chosen_regions) in links.items():
        user = User.objects.create(email=f"{name}@breda.nl", is_active=True)
        profile = Profile.objects.create(user=user, display_name=name, visibility=0)
        profile.engagement_forms.set(chosen_forms)
        profile.regions.set(chosen_regions)
    new = migrate_to(AFTER)
    stored = dict(new.get_model("profiles", "Profile").objects.values_list("display_name", "facet_keys"))
    expected = {
        name: facets.keys_of([f.pk for f in chosen_forms], [r.pk for r in chosen_regions])
        for name, (chosen_forms, chosen_regions) in links.items()
    }
    assert stored == expected
    assert stored["none"] == "" and stored["both"].startswith(" e") and stored["both"].endswith(" ")
    migrate_to_latest()
