"""Clean user-written HTML (assignment descriptions, portfolio texts) with an allow-list (nh3).

Store what the person typed and clean it when rendering: ``clean_html(text)`` in the view or a
model property returns markup that templates may output as is.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# No javascript:, data: or protocol-relative links; nh3 adds rel="noopener noreferrer".
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(value: str) -> SafeString:
    """Return ``value`` with every tag, attribute and URL scheme outside the allow-lists removed."""
    cleaned = nh3.clean(
        value or "",
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Safe to mark: nh3's output is an allow-listed subset of HTML.
    return mark_safe(cleaned)
