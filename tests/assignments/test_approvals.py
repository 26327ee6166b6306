"""Multi-network approval lives in its own table: the audit log records, it does not decide."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assignments import services
from assignments.models import Assignment, AssignmentApproval
from marketplace.models import AuditEntry
from networks.models import Membership
from tests import factories
from tests.assignments.conftest import make_assignment

S = Assignment.Status


def _two_moderating_networks(cast):
    second = factories.NetworkFactory(name="Over-loop", slug="over-loop", moderates_assignments=True)
    assignment = make_assignment(cast, "moderation")
    assignment.networks.add(second)
    other = factories.employee(cast.org_other, user__email="coord2@breda.nl")
    factories.MembershipFactory(user=other, network=second, role=Membership.Role.COORDINATOR)
    return assignment, second, other


@pytest.mark.django_db
def test_an_approval_is_stored_and_counts_whatever_the_audit_log_says(cast):
    assignment, second, other = _two_moderating_networks(cast)
    services.assignment_approve(assignment=assignment, actor=cast.coordinator)
    approval = AssignmentApproval.objects.get(assignment=assignment)
    assert (approval.approved_by, approval.network_id) == (cast.coordinator, cast.networks["zpp"].pk)
    # Renaming (or losing) the audit action must not break moderation any more.
    AuditEntry.objects.filter(action="assignments.assignment.network-approved").update(action="renamed")
    services.assignment_approve(assignment=assignment, actor=other)
    assignment.refresh_from_db()
    assert assignment.status == S.OPEN
    assert set(assignment.approvals.values_list("network_id", flat=True)) == {cast.networks["zpp"].pk, second.pk}


@pytest.mark.django_db
def test_a_new_submission_starts_without_approvals(cast):
    assignment, second, other = _two_moderating_networks(cast)
    factories.MembershipFactory(user=cast.poster, network=second)
    services.assignment_approve(assignment=assignment, actor=cast.coordinator)
    services.assignment_send_back(assignment=assignment, actor=other, reason="Te vaag.")
    services.assignment_publish(assignment=assignment, actor=cast.poster)
    assert not assignment.approvals.exists()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_approvals_of_what_awaits_moderation():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [node for node in leaves if node[0] != "assignments"] + [
        ("assignments", "0007_move_matching_and_placements_out")
    ]
    apps = _migrate(before)
    user_model = apps.get_model("marketplace", "User")
    entry_model = apps.get_model("marketplace", "AuditEntry")
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(
        app_label="assignments", model="assignment"
    )
    network = apps.get_model("networks", "Network")
    zpp = network.objects.create(name="ZPP", slug="zpp", moderates_assignments=True)
    loop = network.objects.create(name="Over-loop", slug="over-loop", moderates_assignments=True)
    organisation = apps.get_model("networks", "Organisation").objects.create(name="Gemeente Breda", slug="breda")
    coordinator = user_model.objects.create(email="coord@breda.nl")
    assignment_model = apps.get_model("assignments", "Assignment")
    awaiting = assignment_model.objects.create(
        title="Wacht", organisation=organisation, hours_per_week=8, status="moderation", audience="networks"
    )
    opened = assignment_model.objects.create(
        title="Open", organisation=organisation, hours_per_week=8, status="open", audience="networks"
    )

    def log(assignment, action, networks=()):
        entry_model.objects.create(
            actor=coordinator,
            action=action,
            target_type=content_type,
            target_id=str(assignment.pk),
            data={"networks": list(networks)} if networks else {},
        )

    log(awaiting, "assignments.assignment.network-approved", [loop.pk])  # before the last submission: stale
    log(awaiting, "assignments.assignment.moderation")
    log(awaiting, "assignments.assignment.network-approved", [zpp.pk])
    log(opened, "assignments.assignment.network-approved", [zpp.pk])

    apps = _migrate(leaves)
    approvals = apps.get_model("assignments", "AssignmentApproval").objects.all()
    assert [(a.assignment_id, a.network_id, a.approved_by_id) for a in approvals] == [
        (awaiting.pk, zpp.pk, coordinator.pk)
    ]
