"""Words for the audit actions this app records (see marketplace.hooks.register_audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "networks.employment.linked": _("Linked to an employer"),
    "networks.employment.ended": _("Employer link ended"),
    "networks.membership.requested": _("Asked to join"),
    "networks.membership.joined": _("Joined"),
    "networks.membership.invited": _("Invited"),
    "networks.membership.invitation-accepted": _("Accepted the invitation"),
    "networks.membership.left": _("Left the network"),
    "networks.membership.admitted": _("Admitted"),
    "networks.membership.rejected": _("Request declined"),
    "networks.membership.suspended": _("Suspended"),
    "networks.membership.reinstated": _("Reinstated"),
    "networks.membership.promoted": _("Made coordinator"),
    "networks.invitation.sent": _("Invitation sent"),
    "networks.partnership.proposed": _("Partnership proposed"),
    "networks.partnership.accepted": _("Partnership accepted"),
    "networks.partnership.declined": _("Partnership declined"),
    "networks.partnership.ended": _("Partnership ended"),
    "networks.organisation.rules_edited": _("Page of what is possible edited"),
    "networks.independent.admitted": _("Admitted as an independent professional"),
    "networks.independent.revoked": _("Admission as an independent professional revoked"),
    "networks.rate.added": _("Public rate added"),
    "networks.rate.removed": _("Public rate removed"),
    "networks.ledger.reminded": _("Organisation reminded of the agreement"),
}
