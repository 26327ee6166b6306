"""An organisation's own page of what is possible beside one's job ("weten dat het kan").

Rewijk: "Ze kennen de mogelijkheden iets ernaast te doen niet." Each organisation's HR contacts
(granted by staff in the admin) describe secondment, leave, side activities, working hours and who
to ask, with a link to the official regulation. The page is public: it is the organisation's policy.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404

from marketplace.models import User
from marketplace.services import audit_log
from networks.models import Organisation, OrganisationRules


def get_organisation(slug: str) -> Organisation:
    """Organisations are public: every visitor may see every organisation's rules page."""
    return get_object_or_404(Organisation, slug=slug)


def is_hr_contact(user: Any, organisation: Organisation) -> bool:
    return bool(user.is_authenticated) and organisation.hr_contacts.filter(pk=user.pk).exists()


def get_editable_organisation(user: Any, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` is one of its HR contacts; 403 otherwise (the page is public)."""
    organisation = get_organisation(slug)
    if not is_hr_contact(user, organisation):
        raise PermissionDenied
    return organisation


def rules_of(organisation: Organisation) -> OrganisationRules | None:
    return OrganisationRules.objects.filter(organisation=organisation).first()


# What an opdrachtgever needs of a professional's employer's rules to arrange the work: how
# secondment and working hours go there, and whom to ask. Leave and side activities are the
# employee's own business with their employer.
CLIENT_SUMMARY_FIELDS = ("secondment", "working_hours", "contact")


def rules_summary_for_client(rules: OrganisationRules | None) -> list[tuple[str, str]]:
    """``(label, text)`` of the fields meant for an opdrachtgever that the organisation filled in."""
    if rules is None:
        return []
    labels = {f.name: str(f.verbose_name) for f in OrganisationRules._meta.fields if f.name in CLIENT_SUMMARY_FIELDS}
    return [(labels[name], getattr(rules, name)) for name in CLIENT_SUMMARY_FIELDS if getattr(rules, name)]


@transaction.atomic
def organisation_rules_save(*, organisation: Organisation, actor: User, data: dict[str, Any]) -> OrganisationRules:
    """Save what is possible at ``organisation``, recording who changed which fields."""
    rules, _created = OrganisationRules.objects.select_for_update().get_or_create(organisation=organisation)
    changed = [name for name, value in data.items() if getattr(rules, name) != value]
    if not changed and not _created:
        return rules  # saved unchanged: nothing happened, so nothing is recorded
    for name, value in data.items():
        setattr(rules, name, value)
    rules.updated_by = actor
    rules.full_clean()
    rules.save()
    audit_log(actor=actor, action="networks.organisation.rules_edited", target=organisation, data={"fields": changed})
    return rules
