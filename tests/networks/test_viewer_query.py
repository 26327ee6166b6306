"""viewer_for's UNION ALL, compiled once per process, returns what the ORM query returns, per user."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks import viewer_query
from networks.models import Membership, Partnership
from networks.selectors import viewer_for
from networks.selectors.viewer import _viewer_union
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    org = factories.OrganisationFactory()
    auto = factories.NetworkFactory(employees_are_members=True)
    other = factories.NetworkFactory()
    partner = factories.NetworkFactory()
    factories.ParticipationFactory(network=auto, organisation=org)
    Partnership.objects.create(proposer=other, partner=partner, status=Partnership.Status.ACCEPTED)
    employee = factories.UserFactory()
    factories.EmploymentFactory(user=employee, organisation=org)
    coordinator = factories.UserFactory()
    factories.MembershipFactory(user=coordinator, network=other, role=Membership.Role.COORDINATOR)
    nobody = factories.UserFactory()
    return [employee, coordinator, nobody]


def test_the_compiled_query_returns_the_orms_rows_for_each_user(people):
    viewer_query.forget()
    for user in people:
        assert sorted(viewer_query.rows(user, _viewer_union)) == sorted(_viewer_union(user))


def test_it_compiles_once_and_still_costs_one_query(people):
    viewer_query.forget()
    employee, coordinator, _ = people
    viewer_for(employee)
    compiled = dict(viewer_query._compiled)
    with CaptureQueriesContext(connection) as ctx:
        viewer = viewer_for(coordinator)
    assert viewer_query._compiled == compiled
    assert len(ctx.captured_queries) == 1
    assert viewer.coordinated_network_ids and viewer.partner_network_ids
    assert viewer_for(employee).organisation_id is not None
