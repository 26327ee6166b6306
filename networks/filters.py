"""django-filter sets for the coordinator's member list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from networks.employers import organisations_of
from networks.models import Membership, Network, Organisation


class MemberFilter(django_filters.FilterSet):
    """Filters a network's memberships; the base queryset is the network's own list."""

    q = django_filters.CharFilter(label=_("Name or email"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Membership.Status.choices)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Membership.Role.choices)
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        field_name="employer",
        to_field_name="slug",
    )

    class Meta:
        model = Membership
        fields: list[str] = []

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["organisation"].queryset = organisations_of(network)

    def filter_text(self, queryset: QuerySet[Membership], name: str, value: str) -> QuerySet[Membership]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__full_name__icontains=value) | Q(user__email__icontains=value))
