"""Atom feeds of public open assignments: overall and per network.

Feeds are read without a session, so they always use what an anonymous visitor may see.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from assignments.models import Assignment
from assignments.selectors import in_network_q
from networks.models import Network

FEED_SIZE = 50


def public_open_assignments() -> QuerySet[Assignment]:
    return (
        Assignment.objects.visible_to(AnonymousUser())
        .open()
        .select_related("organisation")
        .order_by("-published_at", "pk")
    )


class AssignmentFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Klusmarkt: public assignments")

    def subtitle(self) -> str:
        return _("Temporary assignments in Dutch government that everyone may see.")

    def link(self) -> str:
        return reverse("assignments:list")

    def items(self) -> Any:
        return public_open_assignments()[:FEED_SIZE]

    def item_title(self, item: Assignment) -> str:
        return item.title

    def item_description(self, item: Assignment) -> str:
        return item.summary or item.description[:500]

    def item_link(self, item: Assignment) -> str:
        return reverse("assignments:detail", kwargs={"code": item.code})

    def item_guid(self, item: Assignment) -> str:
        return f"urn:uuid:{item.code}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Assignment) -> str:
        return item.organisation.name

    def item_pubdate(self, item: Assignment) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Assignment) -> datetime.datetime:
        return item.updated_at


class NetworkAssignmentFeed(AssignmentFeed):
    """Public assignments of a network: posted into it, or by one of its organisations."""

    def get_object(self, request: HttpRequest, slug: str) -> Network:
        return get_object_or_404(Network, slug=slug)

    def title(self, obj: Network) -> str:
        return _("Klusmarkt: public assignments in %(network)s") % {"network": obj.name}

    def subtitle(self, obj: Network) -> str:
        return _("Public assignments posted in %(network)s or by its organisations.") % {"network": obj.name}

    def link(self, obj: Network) -> str:
        return f"{reverse('assignments:list')}?network={obj.slug}"

    def items(self, obj: Network) -> Any:
        return public_open_assignments().filter(in_network_q(obj))[:FEED_SIZE]
