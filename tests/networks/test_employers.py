"""Each membership carries its member's employer (networks.employers), kept equal to the employment."""

from __future__ import annotations

import random

import pytest
from allauth.account.models import EmailAddress

from marketplace.celery import app as celery_app
from networks import employers
from networks.filters import MemberFilter
from networks.models import Employment, Membership, Organisation
from networks.services import employment_sync
from networks.tasks import networks_employers_check_task
from tests import factories

pytestmark = pytest.mark.django_db


def _employers(user) -> set[int | None]:
    return set(Membership.objects.filter(user=user).values_list("employer_id", flat=True))


def test_a_new_membership_takes_its_members_employer(organisation, network, other_network):
    employee = factories.employee(organisation)
    visitor = factories.UserFactory(email="iemand@gmail.com")
    factories.MembershipFactory(user=employee, network=network)
    factories.MembershipFactory(user=employee, network=other_network, status=Membership.Status.PENDING)
    factories.MembershipFactory(user=visitor, network=network)

    assert _employers(employee) == {organisation.pk}
    assert _employers(visitor) == {None}


def test_the_employer_follows_a_move_and_the_end_of_an_employment(organisation, other_organisation, network):
    user = factories.UserFactory(email="iemand@tilburg.nl")
    employment_sync(user=user)
    factories.MembershipFactory(user=user, network=network)
    assert _employers(user) == {organisation.pk}
    # She moves to Breda: the Tilburg address goes, the Breda address is verified.
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email="iemand@breda.nl", verified=True, primary=True)
    employment_sync(user=user)
    assert _employers(user) == {other_organisation.pk}
    # Her last government address goes: no employer, and none on the membership.
    EmailAddress.objects.filter(user=user).delete()
    employment_sync(user=user)
    assert not Employment.objects.filter(user=user).exists()
    assert _employers(user) == {None}


def test_a_deleted_organisation_leaves_no_employer_behind(network):
    gone = factories.OrganisationFactory(name="Gemeente Opgeheven", slug="gemeente-opgeheven")
    user = factories.employee(gone)
    factories.MembershipFactory(user=user, network=network)
    gone.delete()
    assert _employers(user) == {None}


def test_repair_reports_and_fixes_drift_the_signals_did_not_see(organisation, other_organisation, network):
    moved, lost, right = (factories.employee(organisation) for _ in range(3))
    for user in (moved, lost, right):
        factories.MembershipFactory(user=user, network=network)
    # Writes that bypass the model's signals (a bulk update, a load by COPY).
    Employment.objects.filter(user=moved).update(organisation=other_organisation)
    Membership.objects.filter(user=lost).update(employer=None)

    assert employers.repair(dry_run=True) == 2
    assert _employers(moved) == {organisation.pk}  # a dry run changes nothing
    assert networks_employers_check_task() == {"memberships": 2}
    assert _employers(moved) == {other_organisation.pk}
    assert _employers(lost) == _employers(right) == {organisation.pk}
    assert networks_employers_check_task() == {"memberships": 0}


def test_the_check_runs_nightly():
    entry = celery_app.conf.beat_schedule["networks-employers-check"]
    assert entry["task"] == "networks.tasks.networks_employers_check_task"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {50}


@pytest.mark.parametrize("seed", range(4))
def test_the_member_list_by_organisation_equals_the_employments_over_random_histories(network, seed):
    """Random joins, moves, departures and closures; the filter and its choices read the copy,
    the reference reads each member's employment."""
    rng = random.Random(seed)
    organisations = [factories.OrganisationFactory() for _ in range(4)]
    people = []
    for _ in range(12):
        user = factories.employee(rng.choice(organisations)) if rng.random() < 0.8 else factories.UserFactory()
        factories.MembershipFactory(user=user, network=network, status=rng.choice(Membership.Status.values))
        people.append(user)
    for _ in range(10):
        user = rng.choice(people)
        action = rng.choice(["move", "end", "start", "close"])
        employment = Employment.objects.filter(user=user).first()
        if action == "move" and employment:
            employment.organisation = rng.choice(organisations)
            employment.save()
        elif action == "end" and employment:
            employment.delete()
        elif action == "start" and not employment:
            factories.EmploymentFactory(user=user, organisation=rng.choice(organisations))
        elif action == "close" and len(organisations) > 2:
            organisations.pop(rng.randrange(len(organisations))).delete()

    assert employers.repair(dry_run=True) == 0
    truth: dict[int, set[int]] = {}
    for membership in network.memberships.select_related("user__employment"):
        employment = getattr(membership.user, "employment", None)
        if employment is not None:
            truth.setdefault(employment.organisation_id, set()).add(membership.pk)
    offered = MemberFilter(None, queryset=network.memberships.all(), network=network).filters["organisation"].queryset
    assert {o.pk for o in offered} == set(truth) | set(network.participations.values_list("organisation", flat=True))
    for organisation in Organisation.objects.filter(pk__in=truth):
        chosen = MemberFilter({"organisation": organisation.slug}, queryset=network.memberships.all(), network=network)
        assert set(chosen.qs.values_list("pk", flat=True)) == truth[organisation.pk]
