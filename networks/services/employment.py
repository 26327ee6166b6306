"""Who works where: the employer that a verified work address links a person to."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.db import transaction

from marketplace.models import User
from marketplace.services import audit_log
from networks.models import (
    Employment,
    OrganisationDomain,
)

logger = logging.getLogger(__name__)


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower()


@transaction.atomic
def employment_sync(*, user: User) -> Employment | None:
    """Link ``user`` to the employer of their verified address, or unlink them.

    The primary address decides when it is verified and on a known domain; otherwise the
    oldest other verified address on a known domain. No such address: no employer, and the
    account is a visitor. Called whenever an address is verified, changed or removed.
    """
    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").values_list("email", flat=True)
    )
    domains = {
        d.domain: d.organisation
        for d in OrganisationDomain.objects.filter(domain__in={email_domain(a) for a in addresses}).select_related(
            "organisation"
        )
    }
    match = next(((a, domains[email_domain(a)]) for a in addresses if email_domain(a) in domains), None)
    current = Employment.objects.select_for_update().filter(user=user).select_related("organisation").first()
    if match is None:
        if current is not None:
            audit_log(actor=user, action="networks.employment.ended", target=user, from_state=current.organisation.slug)
            current.delete()
        return None
    address, organisation = match
    if current is not None and current.organisation_id == organisation.pk and current.email == address:
        return current
    if current is None:
        current = Employment(user=user)
    previous = current.organisation if current.organisation_id else None
    current.organisation = organisation
    current.email = address
    current.save()
    audit_log(
        actor=user,
        action="networks.employment.linked",
        target=user,
        from_state=previous.slug if previous else "",
        to_state=organisation.slug,
    )
    return current


def _verified_emails(user: User) -> set[str]:
    return {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}
