from __future__ import annotations

from django import template
from django.urls import reverse

from networks import hooks
from networks.models import Network

register = template.Library()


@register.filter
def description_for(network: Network, language: str) -> str:
    """The network's description in the reader's language where one exists."""
    return network.description_for(language or "")


@register.simple_tag
def workspace_links(network: Network) -> list[tuple[str, str]]:
    """(url, label) of the workspace pages that later apps registered (``hooks.register_workspace_link``)."""
    return [(reverse(name, kwargs={"slug": network.slug}), str(label)) for name, label in hooks.workspace_links()]
