"""The directory's filter keys in the profile's row (profiles.facets, issue 17): every change of a
profile's engagement forms and regions keeps them equal to the links in the same transaction, the
nightly check repairs drift, and the directory's filters find what the links say.

Each write test asserts the keys changed (so it fails without the receiver) and ``current()``: the
stored keys of every profile are what the links derive.
"""

from __future__ import annotations

import random

import pytest

from networks.models import Region
from profiles import facets
from profiles.models import EngagementForm, Profile, Visibility
from profiles.services import profile_save
from profiles.tasks import profiles_audience_check_task
from tests import factories

pytestmark = pytest.mark.django_db


def current() -> None:
    ids = list(Profile.objects.values_list("pk", flat=True))
    assert dict(Profile.objects.values_list("pk", "facet_keys")) == facets.derive(ids)


def keys(profile: Profile) -> str:
    return Profile.objects.values_list("facet_keys", flat=True).get(pk=profile.pk)


@pytest.fixture
def forms():
    return {form.code: form for form in EngagementForm.objects.all()}


@pytest.fixture
def regions():
    return list(Region.objects.order_by("pk")[:3])


@pytest.fixture
def profile():
    return factories.ProfileFactory(visibility=Visibility.PUBLIC)


def test_the_keys_are_sorted_ids_between_spaces():
    assert facets.keys_of([5, 2, 2], [12, 8]) == " e2 e5 r8 r12 "
    assert facets.keys_of([], []) == ""


def test_adding_and_removing_links_keeps_the_keys(profile, forms, regions):
    zpp, secondment = forms["zpp"], forms["secondment"]
    profile.engagement_forms.add(zpp)
    profile.regions.add(regions[0])
    assert keys(profile) == facets.keys_of([zpp.pk], [regions[0].pk])
    profile.engagement_forms.add(secondment)
    profile.engagement_forms.remove(zpp)
    assert keys(profile) == facets.keys_of([secondment.pk], [regions[0].pk])
    profile.regions.clear()
    profile.engagement_forms.set([])
    assert keys(profile) == ""
    current()


def test_the_profile_service_keeps_the_keys(profile, forms, regions):
    profile_save(
        user=profile.user,
        data={"engagement_forms": [forms["pro-bono"]], "regions": regions[:2]},
        expertise=[],
    )
    assert keys(profile) == facets.keys_of([forms["pro-bono"].pk], [r.pk for r in regions[:2]])
    current()


def test_links_changed_from_the_other_side_keep_the_keys(profile, forms, regions):
    other = factories.ProfileFactory()
    regions[1].profile_set.add(profile, other)
    forms["zpp"].profile_set.add(other)
    assert keys(profile) == facets.keys_of([], [regions[1].pk])
    assert keys(other) == facets.keys_of([forms["zpp"].pk], [regions[1].pk])
    regions[1].profile_set.remove(other)
    assert keys(other) == facets.keys_of([forms["zpp"].pk], [])
    regions[1].profile_set.clear()
    assert keys(profile) == ""
    current()


def test_a_deleted_region_leaves_no_key(profile, regions):
    profile.regions.add(*regions[:2])
    regions[0].delete()
    assert keys(profile) == facets.keys_of([], [regions[1].pk])
    current()


def test_the_nightly_check_reports_and_repairs_drift(profile, forms, regions):
    profile.engagement_forms.add(forms["zpp"])
    other = factories.ProfileFactory()
    # A bulk write that bypassed the receivers (as a COPY does): links without keys, keys without links.
    Profile.regions.through.objects.bulk_create([Profile.regions.through(profile_id=other.pk, region_id=regions[2].pk)])
    Profile.objects.filter(pk=profile.pk).update(facet_keys=" e999 ")
    assert facets.repair(dry_run=True) == 2
    assert keys(profile) == " e999 "
    assert profiles_audience_check_task()["filter_keys"] == 2
    current()
    assert profiles_audience_check_task()["filter_keys"] == 0


def test_the_bulk_rebuild_writes_what_the_links_derive(forms, regions):
    rng = random.Random(17)
    people = factories.ProfileFactory.create_batch(12)
    for person in people:
        Profile.engagement_forms.through.objects.bulk_create(
            [
                Profile.engagement_forms.through(profile_id=person.pk, engagementform_id=f.pk)
                for f in rng.sample(list(forms.values()), rng.randint(0, 3))
            ]
        )
        Profile.regions.through.objects.bulk_create(
            [
                Profile.regions.through(profile_id=person.pk, region_id=r.pk)
                for r in rng.sample(regions, rng.randint(0, 3))
            ]
        )
    Profile.objects.filter(pk=people[0].pk).update(facet_keys=" r1 ")
    assert facets.rebuild() >= 1
    current()


def test_the_directory_filters_find_what_the_links_say(client, forms, regions):
    """Over a random population: the engagement and region filters give the profiles the links give."""
    rng = random.Random(7)
    people = factories.ProfileFactory.create_batch(18, visibility=Visibility.PUBLIC)  # one page of results
    for person in people:
        person.engagement_forms.set(rng.sample(list(forms.values()), rng.randint(0, 3)))
        person.regions.set(rng.sample(regions, rng.randint(0, 2)))
        Profile.objects.filter(pk=person.pk).update(remote=rng.random() < 0.3)
    found = 0
    for form in forms.values():
        expected = set(Profile.objects.filter(engagement_forms=form).values_list("code", flat=True))
        assert shown(client, f"engagement={form.code}") == {str(code) for code in expected}
        found += len(expected)
    for region in regions:
        links = Profile.objects.filter(regions=region) | Profile.objects.filter(remote=True)
        expected = set(links.values_list("code", flat=True))
        assert shown(client, f"region={region.slug}") == {str(code) for code in expected}
        found += len(expected)
    assert found > 10


def shown(client, query: str) -> set[str]:
    response = client.get(f"/professionals/?{query}")
    assert response.status_code == 200
    codes = set(Profile.objects.values_list("code", flat=True))
    page = response.content.decode()
    return {str(code) for code in codes if f"/professionals/{code}/" in page}
