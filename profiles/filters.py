"""The talent directory's one FilterSet, always on top of Profile.objects.visible_to(user)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from marketplace.lib import pagination
from marketplace.lib.filters import (
    HOURS_A_WEEK,
    PreloadedModelChoiceFilter,
    PreloadedModelMultipleChoiceFilter,
    ranges_form,
)
from marketplace.lib.forms import IsoDateInput
from marketplace.lib.search import estimated_matches, is_postgres, table_rows, text_match_in_index, text_search
from networks.models import Employment, Network, Organisation, Region
from networks.selectors import in_any_network_q
from profiles import facets
from profiles.models import CoreQuality, EngagementForm, Expertise, FieldOfWork, Profile

FALLBACK_FIELDS = ["display_name", "headline", "job_title", "bio"]
DATE = IsoDateInput()


def _through_exists(model: Any, **lookup: Any) -> Exists:
    """EXISTS over an M2M table of Profile, so filters never duplicate rows."""
    return Exists(model.objects.filter(profile_id=OuterRef("pk"), **lookup))


class ProfileFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    field_of_work = PreloadedModelChoiceFilter(
        label=_("Field of work"), queryset=FieldOfWork.objects.all(), to_field_name="slug"
    )
    expertise = django_filters.CharFilter(label=_("Expertise"), method="filter_expertise")
    quality = PreloadedModelMultipleChoiceFilter(
        label=_("Core qualities"),
        queryset=CoreQuality.objects.filter(is_approved=True),
        to_field_name="slug",
        method="filter_quality",
        widget=forms.CheckboxSelectMultiple,
    )
    hours = django_filters.NumberFilter(
        label=_("At least hours a week"), field_name="hours_per_week", lookup_expr="gte", **HOURS_A_WEEK
    )
    free_from = django_filters.DateFilter(label=_("Available from"), method="filter_period", widget=DATE)
    free_until = django_filters.DateFilter(label=_("Available until"), method="filter_period", widget=DATE)
    engagement = PreloadedModelChoiceFilter(
        label=_("Engagement form"),
        queryset=EngagementForm.objects.all(),
        to_field_name="code",
        method="filter_engagement",
    )
    organisation = PreloadedModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        method="filter_organisation",
    )
    network = PreloadedModelChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        method="filter_network",
    )
    region = PreloadedModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
    )

    class Meta:
        model = Profile
        fields: list[str] = []
        form = ranges_form(("free_from", "free_until"))

    def filter_text(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        # Not ranked here: the directory ranks its candidates itself (profiles.selectors.ranked).
        if is_postgres() and walks_the_order(value):
            return text_match_in_index(qs, value)
        return text_search(qs, value, FALLBACK_FIELDS)

    def filter_expertise(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        from profiles.services import parse_tags

        tags = parse_tags(value)
        for tag in tags[:5]:
            qs = qs.filter(_through_exists(Profile.expertise.through, expertise__name=tag))
        return qs

    def filter_quality(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return qs
        return qs.filter(_through_exists(Profile.core_qualities.through, corequality__in=list(value)))

    def filter_period(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        # Available in the period asked: free from before its end and until after its start.
        if name == "free_from":
            return qs.filter(Q(available_until__isnull=True) | Q(available_until__gte=value))
        return qs.filter(Q(available_from__isnull=True) | Q(available_from__lte=value))

    # Engagement form and region are tested on the row's keys (profiles.facets), not the links.
    def filter_engagement(self, qs: QuerySet, name: str, value: EngagementForm) -> QuerySet:
        return qs.filter(facets.engagement_q(value.pk))

    def filter_organisation(self, qs: QuerySet, name: str, value: Organisation) -> QuerySet:
        return qs.filter(Exists(Employment.objects.filter(user_id=OuterRef("user_id"), organisation=value)))

    def filter_network(self, qs: QuerySet, name: str, value: Network) -> QuerySet:
        return qs.filter(in_any_network_q("user", {value.pk}))

    def filter_region(self, qs: QuerySet, name: str, value: Region) -> QuerySet:
        return qs.filter(Q(remote=True) | facets.region_q(value.pk))


def walks_the_order(text: str) -> bool:
    """Whether the directory finds the matches of ``text`` by walking its order rather than the text index.

    The directory wants the ``COUNT_CAP + 1`` most recently active matches. Walking its order index
    (index-only, the filters tested in the index) it reads the text of about
    ``(COUNT_CAP + 1) x profiles / matches`` rows; through the text index it reads every match. So
    it walks when that is fewer: ``matches^2 > (COUNT_CAP + 1) x profiles`` by PostgreSQL's own
    estimate -- a common word ("beleid", "energietransitie"), never a rare one or a name.
    """
    matches = estimated_matches(Profile, text)
    return matches * matches > (pagination.COUNT_CAP + 1) * table_rows(Profile)


def expertise_suggestions(user: Any, prefix: str, limit: int = 8) -> list[str]:
    """Expertise tags starting with ``prefix`` that ``user`` may see on at least one object.

    A tag is typed by a person, so it can name something internal; it is suggested only when
    the viewer may see a profile (``Profile.objects.visible_to``) or an object of a higher app
    (registered in ``profiles.hooks``, e.g. visible assignments) that carries it. One query.
    """
    from profiles import hooks
    from profiles.services import normalise_tag

    prefix = normalise_tag(prefix)
    if len(prefix) < 2:
        return []
    from profiles import audience

    # The profiles the viewer may see, read from the maintained audience (equal to visible_to).
    carried: Q | Exists = Exists(
        Profile.expertise.through.objects.filter(
            expertise_id=OuterRef("pk"), profile__in=audience.visible(Profile.objects.all(), user).values("pk")
        )
    )
    for holders in hooks.tag_holders():
        carried |= Q(pk__in=holders(user))
    return list(
        Expertise.objects.filter(carried, name__startswith=prefix)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )
