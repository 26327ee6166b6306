"""What networks store about a person (employment, memberships, invitations), for the privacy registry."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.db.models import Q

from marketplace import privacy
from marketplace.models import User
from networks.models import Employment, IndependentAdmission, Invitation, Membership


def export(user: User) -> dict[str, Any]:
    return {
        "employment": [privacy.row(e) for e in Employment.objects.filter(user=user)],
        "single_sign_on": [privacy.row(a, {"user", "id"}) for a in SocialAccount.objects.filter(user=user)],
        "memberships": [
            {
                "network": m.network.name,
                "role": m.role,
                "status": m.status,
                "motivation": m.motivation,
                "since": m.created_at,
            }
            for m in Membership.objects.filter(user=user).select_related("network")
        ],
        "hr_contact_for": [o.name for o in user.hr_for.all()],
        "independent_admissions": [
            {
                "network": a.network.name,
                "status": a.status,
                "business_name": a.business_name,
                "kvk_number": a.kvk_number,
                "verification": a.verification,
                "intermediary": a.intermediary,
                "reason": a.reason,
                "since": a.created_at,
            }
            for a in IndependentAdmission.objects.filter(user=user).select_related("network")
        ],
        "invitations_received": [
            {"network": i.network.name, "email": i.email, "created_at": i.created_at, "used_at": i.used_at}
            for i in Invitation.objects.filter(used_by=user).select_related("network")
        ],
    }


def erase(user: User, erasure: privacy.Erasure) -> None:
    Invitation.objects.filter(Q(used_by=user) | Q(email__in=erasure.needles)).delete()


PART = privacy.PersonalData(
    app_label="networks",
    relations={
        "networks.Employment.user": "exported (employment); deleted with the account",
        "socialaccount.SocialAccount.user": "exported (single_sign_on: provider, id there, last claims); deleted",
        "networks.Organisation.hr_contacts": "exported (hr_contact_for); the role is removed with the account",
        "networks.OrganisationRules.updated_by": "not exported: an organisation's page; set to null",
        "networks.Invitation.invited_by": "not exported: invitations sent to others; set to null",
        "networks.Invitation.used_by": "exported (invitations received); deleted with the account (address in it)",
        "networks.IndependentAdmission.user": "exported (independent admissions); deleted with the account",
        "networks.IndependentAdmission.decided_by": "not exported: a decision about someone else; set to null",
        "networks.Membership.decided_by": "not exported: a decision about someone else; set to null",
        "networks.Membership.user": "exported (memberships); deleted with the account",
        "networks.Partnership.decided_by": "not exported: a decision between networks; set to null",
        "networks.Partnership.proposed_by": "not exported: a proposal between networks; set to null",
        "networks.PublicRate.created_by": "not exported: a line of a network's public rate table; set to null",
        "networks.LedgerReminder.sent_by": "not exported: a reminder to an organisation; set to null",
    },
    personal_fields={
        "networks.Employment.email": "the work address; exported (employment), deleted",
        "networks.Membership.motivation": "exported (memberships), deleted",
        "networks.Membership.reason": "a coordinator's reason about the person; deleted with the membership",
        "networks.IndependentAdmission.business_name": "exported with the admission, deleted with the account",
        "networks.IndependentAdmission.kvk_number": "exported with the admission, deleted with the account",
        "networks.IndependentAdmission.verification": "the coordinator's note about the person; exported, deleted",
        "networks.IndependentAdmission.intermediary": "exported with the admission, deleted with the account",
        "networks.IndependentAdmission.reason": "a coordinator's reason about the person; exported, deleted",
        "networks.Invitation.email": "the invitee's address; exported, deleted",
        "networks.Invitation.message": "a message to the invitee; deleted with the invitation",
    },
    not_personal_fields=frozenset(
        {
            "networks.Region.slug",
            "networks.Region.name",
            "networks.Organisation.name",
            "networks.Organisation.slug",
            "networks.Organisation.website",
            "networks.OrganisationRules.secondment",
            "networks.OrganisationRules.leave",
            "networks.OrganisationRules.side_activities",
            "networks.OrganisationRules.working_hours",
            "networks.OrganisationRules.contact",
            "networks.OrganisationRules.regulation_url",
            "networks.OrganisationDomain.domain",
            # An organisation's identity-provider configuration (names of secrets, never the secrets).
            "networks.IdentityProvider.slug",
            "networks.IdentityProvider.name",
            "networks.IdentityProvider.issuer",
            "networks.IdentityProvider.client_id",
            "networks.IdentityProvider.secret_name",
            "networks.IdentityProvider.private_key_name",
            "networks.IdentityProvider.key_id",
            "networks.IdentityProvider.uid_claim",
            "networks.IdentityProvider.mfa_amr",
            "networks.IdentityProvider.mfa_acr",
            "networks.Network.name",
            "networks.Network.slug",
            "networks.Network.description",
            "networks.Network.description_en",
            "networks.Network.region",
            "networks.Network.website",
            "networks.Invitation.token_hash",
            # A line of a network's public rate table: a level or salary scale, not a person.
            "networks.PublicRate.level",
        }
    ),
    export=export,
    erase=erase,
)
