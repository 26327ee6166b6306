from __future__ import annotations

from django import template

from networks.models import Network

register = template.Library()


@register.filter
def description_for(network: Network, language: str) -> str:
    """The network's description in the reader's language where one exists."""
    return network.description_for(language or "")
