"""Admitting independent professionals to a network: the coordinator's explicit decision.

See ``networks.independents`` for what an admission gives and why. Every decision is recorded
in the audit log and told to the person, in the app and by email (through the outbox).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import User
from marketplace.services import audit_log, notify
from networks.independents import IndependentAdmission
from networks.models import Employment, Membership, Network
from networks.selectors import forget_viewer


def admitted_independent_q(user_ref: str, network_ids: set[int] | frozenset[int]) -> Q:
    """Rows whose ``user_ref`` is an admitted independent and an active member of any of ``network_ids``.

    ``Viewer.independent_network_ids`` written from the person's side (for the fan-out of an
    assignment, ``matching.candidates.can_see_assignment_q``). ``user_ref`` is ``"pk"`` on User.
    """
    if not network_ids:
        return Q(pk__in=[])
    member = Membership.objects.filter(
        user=OuterRef("user"), network=OuterRef("network"), status=Membership.Status.ACTIVE
    )
    admitted = IndependentAdmission.objects.filter(
        Exists(member),
        user=OuterRef(user_ref),
        status=IndependentAdmission.Status.ADMITTED,
        network_id__in=sorted(network_ids),
    )
    return Q(Exists(admitted))


def admissions_of(network: Network) -> QuerySet[IndependentAdmission]:
    return network.independent_admissions.select_related("user", "decided_by").order_by("-created_at", "-pk")


def admission_of(user: User, network_ids: frozenset[int]) -> IndependentAdmission | None:
    """The person's admission in one of ``network_ids`` (what an opdrachtgever is shown), if any."""
    if not network_ids:
        return None
    return (
        IndependentAdmission.objects.filter(
            user=user, network_id__in=network_ids, status=IndependentAdmission.Status.ADMITTED
        )
        .select_related("network")
        .first()
    )


def _tell(admission: IndependentAdmission, kind: str) -> None:
    notify(
        recipient=admission.user,
        kind=f"networks.independent-{kind}",
        template=f"networks-independent-{kind}",
        context={"network": admission.network, "admission": admission},
        url=reverse("networks:detail", kwargs={"slug": admission.network.slug}),
    )


@transaction.atomic
def independent_admit(
    *,
    network: Network,
    actor: User,
    email: str,
    business_name: str,
    kvk_number: str,
    verification: str,
    intermediary: str = "",
) -> IndependentAdmission:
    """The coordinator admits an independent professional with an account, after verifying them.

    Refused for an unknown address, for a civil servant (they join as one), for someone
    suspended from the network, and without a note of how the person was verified.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("No account has this address: ask the person to sign up first.")})
    if Employment.objects.filter(user=user).exists():
        raise ValidationError(
            {"email": _("This person works for a government organisation: they join the network as a civil servant.")}
        )
    if not verification.strip():
        raise ValidationError({"verification": _("Say how you verified this person.")})
    membership = Membership.objects.select_for_update().filter(network=network, user=user).first()
    if membership is not None and membership.status == Membership.Status.SUSPENDED:
        raise ValidationError({"email": _("This person is suspended from the network: reinstate them first.")})
    previous_status = membership.status if membership else ""
    # Admitting again corrects the details (a KvK number, the intermediary): the person was told already.
    already_admitted = IndependentAdmission.objects.filter(
        network=network, user=user, status=IndependentAdmission.Status.ADMITTED
    ).exists()
    if membership is None:
        membership = Membership(network=network, user=user)
    membership.status = Membership.Status.ACTIVE
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.save()
    admission, _created = IndependentAdmission.objects.update_or_create(
        network=network,
        user=user,
        defaults={
            "status": IndependentAdmission.Status.ADMITTED,
            "business_name": business_name.strip(),
            "kvk_number": kvk_number.strip(),
            "verification": verification.strip(),
            "intermediary": intermediary.strip(),
            "decided_by": actor,
            "reason": "",
        },
    )
    admission.full_clean()
    audit_log(
        actor=actor,
        action="networks.independent.admitted",
        target=admission,
        from_state=previous_status,
        to_state=IndependentAdmission.Status.ADMITTED,
        data={"network": network.slug},
    )
    forget_viewer(user)
    if not already_admitted:
        _tell(admission, "admitted")
    return admission


@transaction.atomic
def independent_revoke(*, admission: IndependentAdmission, actor: User, reason: str) -> IndependentAdmission:
    """The coordinator ends an admission: the person is a visitor again (their membership ends too)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason: the person will see it.")})
    locked = IndependentAdmission.objects.select_for_update().get(pk=admission.pk)
    if locked.status != IndependentAdmission.Status.ADMITTED:
        raise ValidationError(_("This admission has already been revoked."))
    locked.status = IndependentAdmission.Status.REVOKED
    locked.reason = reason.strip()
    locked.decided_by = actor
    locked.save(update_fields=["status", "reason", "decided_by", "updated_at"])
    Membership.objects.filter(network=locked.network, user=locked.user, status=Membership.Status.ACTIVE).update(
        status=Membership.Status.LEFT, decided_by=actor, decided_at=timezone.now(), updated_at=timezone.now()
    )
    audit_log(
        actor=actor,
        action="networks.independent.revoked",
        target=locked,
        from_state=IndependentAdmission.Status.ADMITTED,
        to_state=IndependentAdmission.Status.REVOKED,
        note=locked.reason,
    )
    forget_viewer(locked.user)
    _tell(locked, "revoked")
    return locked
