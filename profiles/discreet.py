"""Discreet mode (issue 21 item 4): its write, its use outside the profile rule, and "who sees what".

The rule itself is written once, in ``profiles.models`` (``hides_from_q`` and ``hidden_q``, used
by ``Profile.objects.visible_to``). This module asks that rule questions: which organisations a
person hides from (matching), whether a coordinator may follow a person's reactions and
placements (the workflow), and what each group of people sees (the owner's overview, computed
by running ``visible_to`` for a stand-in viewer of each group, so the words cannot drift from the rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists
from django.utils.translation import gettext as _

from marketplace.services import audit_log
from networks.models import Network, Organisation
from networks.selectors import Viewer
from profiles.models import Profile, hides_from_q

if TYPE_CHECKING:
    from marketplace.models import User

# A stand-in organisation no profile hides from ("a civil servant of some other organisation").
OTHER_ORGANISATION = -1


def hidden_organisation_ids(profile: Profile) -> set[int]:
    """The organisations ``profile`` hides from now: its employer and the named ones (empty when not discreet)."""
    if not profile.discreet:
        return set()
    employer = Organisation.objects.filter(employments__user_id=profile.user_id).values_list("pk", flat=True)
    return set(employer) | set(profile.hidden_from.values_list("pk", flat=True))


def work_hidden_from(professional_id: int, viewer: Viewer) -> bool:
    """Whether the reactions and placements of ``professional_id`` are hidden from ``viewer``.

    For people who follow them without being a party (a coordinator of a network the
    assignment is shared with); the parties (the professional, the opdrachtgever and the
    leidinggevende by the signed link) are never asked.
    """
    if viewer.organisation_id is None:
        return True
    return Profile.objects.filter(hides_from_q(viewer.organisation_id), user_id=professional_id).exists()


@transaction.atomic
def profile_set_discreet(*, profile: Profile, discreet: bool, hidden_from: list[Organisation], actor: User) -> Profile:
    """Switch discreet mode and name the organisations to hide from (besides the employer)."""
    profile.discreet = discreet
    profile.save(update_fields=["discreet", "updated_at"])
    profile.hidden_from.set(hidden_from)
    audit_log(actor=actor, action="profiles.profile.discreet", target=profile, to_state="on" if discreet else "off")
    return profile


@dataclass(frozen=True)
class Group:
    label: str
    profile: bool
    contact: bool
    work: bool


def _groups(profile: Profile) -> list[tuple[str, Viewer, bool]]:
    """(words, a stand-in viewer, whether the group follows reactions and placements without being a party)."""
    employment = getattr(profile.user, "employment", None)
    networks = list(Network.objects.of_member(profile.user).order_by("name"))
    all_ids = frozenset(n.pk for n in networks)
    other = OTHER_ORGANISATION
    groups: list[tuple[str, Viewer, bool]] = [
        (_("Everyone, without logging in, and accounts without a government address"), Viewer(user_id=None), False),
        (_("Verified civil servants of other organisations"), Viewer(user_id=0, organisation_id=other), False),
    ]
    for n in networks:
        ids = frozenset({n.pk})
        groups.append((_("Members of %(network)s") % {"network": n.name}, Viewer(0, other, network_ids=ids), False))
        groups.append(
            (
                _("Coordinators of %(network)s") % {"network": n.name},
                Viewer(0, other, network_ids=ids, coordinated_network_ids=ids),
                True,
            )
        )
    if employment is not None:
        name = employment.organisation.name
        org = employment.organisation_id
        groups.append((_("Colleagues at %(organisation)s") % {"organisation": name}, Viewer(0, org), False))
        if networks:
            groups.append(
                (
                    _("Colleagues at %(organisation)s who are members or coordinators of your networks")
                    % {"organisation": name},
                    Viewer(0, org, network_ids=all_ids, coordinated_network_ids=all_ids),
                    True,
                )
            )
    # The named organisations only count in discreet mode: outside it they are people of another
    # organisation like any other, and a row "also members of your networks" would say they all see it.
    named = profile.hidden_from.order_by("name") if profile.discreet else Organisation.objects.none()
    if employment is not None:
        named = named.exclude(pk=employment.organisation_id)
    for organisation in named:
        groups.append(
            (
                _("People of %(organisation)s, also members or coordinators of your networks")
                % {"organisation": organisation.name},
                Viewer(0, organisation.pk, network_ids=all_ids, coordinated_network_ids=all_ids),
                True,
            )
        )
    return groups


def who_sees(profile: Profile) -> list[Group]:
    """What each group of people sees of ``profile``, by the one rule: a fixed number of queries."""
    groups = _groups(profile)
    one = Profile.objects.filter(pk=profile.pk)
    checks: dict[str, Any] = {}
    for i, (_label, viewer, _follows) in enumerate(groups):
        checks[f"p{i}"] = Exists(Profile.objects.visible_to(viewer).filter(pk=profile.pk))
        checks[f"c{i}"] = Exists(Profile.objects.contact_visible_to(viewer).filter(pk=profile.pk))
        checks[f"h{i}"] = Exists(one.filter(hides_from_q(viewer.organisation_id or 0)))
    row = one.annotate(**checks).values(*checks).get()
    return [
        Group(
            label=label,
            profile=row[f"p{i}"],
            contact=row[f"c{i}"],
            work=follows and viewer.organisation_id is not None and not row[f"h{i}"],
        )
        for i, (label, viewer, follows) in enumerate(groups)
    ]
