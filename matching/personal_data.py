"""What matching stores about a person (saved searches), for the privacy registry."""

from __future__ import annotations

from typing import Any

from marketplace import privacy
from marketplace.models import User
from matching.models import SavedSearch


def export(user: User) -> dict[str, Any]:
    return {
        "saved_searches": [
            {"name": s.name, "query": s.query, "created_at": s.created_at}
            for s in SavedSearch.objects.filter(user=user)
        ],
    }


PART = privacy.PersonalData(
    app_label="matching",
    relations={
        "matching.Match.invited_by": "not exported: an invitation to someone else; set to null",
        "matching.SavedSearch.user": "exported (saved_searches); deleted with the account",
    },
    personal_fields={
        "matching.SavedSearch.name": "exported (saved_searches), deleted",
        "matching.SavedSearch.query": "exported (saved_searches), deleted",
    },
    not_personal_fields=frozenset({"matching.Match.reasons"}),
    export=export,
)
