"""The employer on each membership: ``Membership.employer`` mirrors ``Employment.organisation``.

The coordinator's member list filters by organisation and offers the organisations its members
work for. Read through the employment, those choices took one probe per membership of the
network: they grew with the network (77,500 memberships, 257 ms at a million profiles). With the
employer on the membership they are one index probe per organisation
(``membership_network_employer``), however large the network.

Employment stays the truth. The receivers below keep the copy current in the same transaction: a
new membership takes its member's employer, and an employment saved or deleted rewrites that
person's memberships. ``repair()`` finds and fixes drift (nightly, and after a bulk load that
bypassed the signals).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from marketplace.lib.queries import PerRow
from networks.models import Employment, Membership, Network, Organisation, Participation

CHUNK = 5_000


def employer_of(user_id: Any) -> QuerySet[Employment, Any]:
    """The organisation id of ``user_id``'s employment (an id or an ``OuterRef``): none or one row."""
    return Employment.objects.filter(user_id=user_id).values("organisation_id")


def drifted() -> QuerySet[Membership]:
    """Memberships whose employer is not their member's employer (or that have none they should)."""
    has_employment = Q(user__employment__isnull=False)
    return Membership.objects.filter(
        (~has_employment & Q(employer__isnull=False))
        | (has_employment & (Q(employer__isnull=True) | ~Q(employer_id=F("user__employment__organisation_id"))))
    )


def repair(*, dry_run: bool = False) -> int:
    """Rewrite the employer of every drifted membership from the employment; return how many."""
    ids = list(drifted().values_list("pk", flat=True))
    if not dry_run:
        for start in range(0, len(ids), CHUNK):
            Membership.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                employer_id=Subquery(employer_of(OuterRef("user_id")))
            )
    return len(ids)


def organisations_of(network: Network) -> QuerySet[Organisation]:
    """The organisations that take part in ``network`` or employ one of its members, by name.

    One probe of ``membership_network_employer`` per organisation (``PerRow``): the work grows
    with the number of organisations, not with the number of members.
    """
    employs_a_member = PerRow(Membership.objects.filter(network=network, employer=OuterRef("pk")))
    participates = Q(pk__in=Participation.objects.filter(network=network).values("organisation_id"))
    return Organisation.objects.filter(participates | employs_a_member).order_by("name")


def on_membership_saving(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    """A new membership takes its member's employer (one query, on creation only)."""
    if raw or not instance._state.adding:
        return
    instance.employer_id = employer_of(instance.user_id).values_list("organisation_id", flat=True).first()


def on_employment_saved(sender: Any, instance: Employment, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    Membership.objects.filter(user_id=instance.user_id).exclude(employer_id=instance.organisation_id).update(
        employer_id=instance.organisation_id
    )


def on_employment_deleted(sender: Any, instance: Employment, **kwargs: Any) -> None:
    Membership.objects.filter(user_id=instance.user_id, employer__isnull=False).update(employer=None)


def connect() -> None:
    """Connect the receivers (from ``NetworksConfig.ready``)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    pre_save.connect(on_membership_saving, sender=Membership, dispatch_uid="employers-membership")
    post_save.connect(on_employment_saved, sender=Employment, dispatch_uid="employers-employment-save")
    post_delete.connect(on_employment_deleted, sender=Employment, dispatch_uid="employers-employment-delete")
