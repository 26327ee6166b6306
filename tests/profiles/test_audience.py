"""The maintained audience (issue 17 item 1): every write that changes who may see a profile keeps it
current in the same transaction, and the nightly check reports and repairs drift.

Each test makes one kind of write and then asserts (``current``) that the stored rows are what the
rule derives, and (``kinds``) that the write did change them, so the test would fail without the
write path's refresh.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from networks import services as network_services
from networks.models import Membership, Network, Partnership
from profiles import audience
from profiles.audience_models import ProfileAudience
from profiles.discreet import profile_set_discreet
from profiles.models import Profile, Visibility
from profiles.privacy import account_delete
from profiles.retention import profiles_retention_sweep
from profiles.services import profile_save
from profiles.tasks import profiles_audience_check_task
from tests import factories

pytestmark = pytest.mark.django_db
K = ProfileAudience.Kind


def current() -> None:
    ids = list(Profile.objects.values_list("pk", flat=True))
    expected = audience.derive(ids)
    assert audience.stored(ids) == expected
    # The broad grant is also kept in the profile's row, where the directory reads it.
    broad = {pk: kind for pk, kind, _key in expected if kind in (K.PUBLIC, K.PLATFORM)}
    assert dict(Profile.objects.values_list("pk", "broad_audience")) == {pk: broad.get(pk) for pk in ids}


def kinds(profile: Profile) -> set[tuple[int, int]]:
    return set(ProfileAudience.objects.filter(profile=profile).values_list("kind", "key"))


@pytest.fixture
def person(owner, network):
    factories.MembershipFactory(user=owner, network=network)
    return factories.ProfileFactory(user=owner, visibility=Visibility.NETWORK)


def test_a_new_profile_gets_its_audience(person, network):
    assert kinds(person) == {(K.NETWORK, network.pk)}
    current()


def test_the_profile_service_changes_the_level(person, owner):
    profile_save(user=owner, data={"visibility": Visibility.PUBLIC}, expertise=[])
    assert kinds(person) == {(K.PUBLIC, 0)}
    profile_save(user=owner, data={"visibility": Visibility.PRIVATE}, expertise=[])
    assert kinds(person) == {(K.COORDINATORS, person.user.memberships.get().network_id)}
    current()


def test_discreet_mode_and_its_named_organisations(person, owner, organisation, other_organisation):
    profile_set_discreet(profile=person, discreet=True, hidden_from=[other_organisation], actor=owner)
    assert {(K.HIDDEN_FROM, 0), (K.HIDDEN_FROM, organisation.pk), (K.HIDDEN_FROM, other_organisation.pk)} <= kinds(
        person
    )
    current()
    other_organisation.discreet_profiles.remove(person)  # the reverse side of the list
    assert (K.HIDDEN_FROM, other_organisation.pk) not in kinds(person)
    current()
    profile_set_discreet(profile=person, discreet=False, hidden_from=[], actor=owner)
    assert all(kind != K.HIDDEN_FROM for kind, _key in kinds(person))
    current()


def test_deleting_a_named_organisation(person, owner, other_organisation):
    profile_set_discreet(profile=person, discreet=True, hidden_from=[other_organisation], actor=owner)
    other_organisation.delete()
    current()


def test_retention_hides_and_restores(person, owner, settings):
    owner.last_login = None
    owner.date_joined = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    owner.save()
    Profile.objects.filter(pk=person.pk).update(last_active_at=None)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    profiles_retention_sweep(now=now)  # warned
    profiles_retention_sweep(now=now + datetime.timedelta(days=settings.RETENTION_GRACE_DAYS + 1))  # hidden
    assert Profile.objects.get(pk=person.pk).is_hidden and kinds(person) == set()
    current()
    owner.last_login = now + datetime.timedelta(days=200)
    owner.save(update_fields=["last_login"])
    profiles_retention_sweep(now=now + datetime.timedelta(days=201))  # came back
    assert kinds(person)
    current()


def test_staff_hide_a_profile_in_the_admin(person, admin_user):
    admin = site._registry[Profile]
    person.is_hidden = True
    admin.save_model(RequestFactory().post("/"), person, form=None, change=True)
    assert kinds(person) == set()
    current()


def test_deactivating_the_account(person, owner):
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert kinds(person) == set()
    owner.is_active = True
    owner.save()
    assert kinds(person)
    current()


def test_employment_through_the_sync_service_and_employees_as_members(owner, organisation):
    auto = factories.NetworkFactory(employees_are_members=True, slug="iedereen")
    factories.ParticipationFactory(network=auto, organisation=organisation)
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.NETWORK)
    assert kinds(profile) == {(K.NETWORK, auto.pk)}
    owner.employment.delete()  # no longer employed there
    assert kinds(profile) == set()
    network_services.employment_sync(user=owner)  # the verified address links the employer again
    assert kinds(profile) == {(K.NETWORK, auto.pk)}
    current()


def test_participation_and_the_networks_employees_rule(owner, organisation):
    auto = factories.NetworkFactory(employees_are_members=False, slug="later")
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.NETWORK)
    participation = factories.ParticipationFactory(network=auto, organisation=organisation)
    assert kinds(profile) == set()
    auto.employees_are_members = True
    auto.save()
    assert kinds(profile) == {(K.NETWORK, auto.pk)}
    participation.delete()
    assert kinds(profile) == set()
    factories.ParticipationFactory(network=auto, organisation=organisation)
    assert kinds(profile) == {(K.NETWORK, auto.pk)}
    auto.delete()
    assert kinds(profile) == set()
    current()


def test_membership_services(owner, network, coordinator):
    network.join_policy = Network.JoinPolicy.APPROVAL
    network.save()
    profile = factories.ProfileFactory(user=owner, visibility=Visibility.NETWORK)
    membership = network_services.membership_join(network=network, user=owner, motivation="graag")
    assert kinds(profile) == set()  # waiting for the coordinator
    network_services.membership_admit(membership=membership, actor=coordinator)
    assert kinds(profile) == {(K.NETWORK, network.pk)}
    network_services.membership_suspend(membership=membership, actor=coordinator, reason="even niet")
    assert kinds(profile) == set()
    network_services.membership_reinstate(membership=membership, actor=coordinator, reason="weer welkom")
    assert kinds(profile) == {(K.NETWORK, network.pk)}
    network_services.membership_leave(network=network, user=owner)
    assert kinds(profile) == set()
    current()


def test_a_deleted_membership(person, network):
    Membership.objects.filter(user=person.user, network=network).delete()
    assert kinds(person) == set()
    current()


def test_partnerships_do_not_change_who_sees_a_profile(person, network):
    # The profile rule has no partner clause (only assignments are shared with partners).
    partner = factories.NetworkFactory(slug="partner")
    Partnership.objects.create(proposer=network, partner=partner, status=Partnership.Status.ACCEPTED)
    assert kinds(person) == {(K.NETWORK, network.pk)}
    current()


def test_deleting_the_profile_or_the_account(person, owner):
    other = factories.ProfileFactory(user=factories.employee(), visibility=Visibility.PUBLIC)
    person.delete()
    assert not ProfileAudience.objects.filter(profile_id=person.pk).exists()
    account_delete(user=other.user)
    assert ProfileAudience.objects.count() == 0
    current()


def test_the_nightly_check_reports_and_repairs_drift(person, owner):
    other = factories.ProfileFactory(user=factories.employee(), visibility=Visibility.PUBLIC)
    assert profiles_audience_check_task() == {"profiles": 0, "removed": 0, "added": 0, "filter_keys": 0}
    # Corrupt it: one profile loses its rows, another gains a grant it should not have.
    ProfileAudience.objects.filter(profile=other).delete()
    ProfileAudience.objects.create(profile=person, kind=K.PLATFORM, key=0)
    assert audience.repair(dry_run=True).profiles == 2
    assert profiles_audience_check_task() == {"profiles": 2, "removed": 1, "added": 1, "filter_keys": 0}
    current()
    assert kinds(other) == {(K.PUBLIC, 0)}
    assert profiles_audience_check_task()["profiles"] == 0


def test_the_nightly_check_repairs_the_broad_grant_in_the_row(person, owner):
    other = factories.ProfileFactory(user=factories.employee(), visibility=Visibility.PLATFORM)
    assert Profile.objects.get(pk=other.pk).broad_audience == K.PLATFORM
    # A bulk write that bypassed the services: the rows are right, the column is not.
    Profile.objects.filter(pk=other.pk).update(broad_audience=K.PUBLIC)
    Profile.objects.filter(pk=person.pk).update(broad_audience=K.PLATFORM)
    assert audience.repair(dry_run=True).profiles == 2
    assert Profile.objects.get(pk=other.pk).broad_audience == K.PUBLIC  # a dry run writes nothing
    assert profiles_audience_check_task()["profiles"] == 2
    current()
    assert profiles_audience_check_task()["profiles"] == 0


def test_the_nightly_check_is_scheduled():
    from marketplace.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "profiles.tasks.profiles_audience_check_task" in tasks


def test_rebuild_fills_what_bulk_writes_left_out(person, network):
    ProfileAudience.objects.all().delete()  # like COPY in bench/scale.py: no signals, no rows
    assert audience.rebuild() == 1
    current()
