"""What assignments store about a person (the ones they posted, contact details), for the privacy registry."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from assignments.models import Assignment
from marketplace import privacy
from marketplace.models import User


def export(user: User) -> dict[str, Any]:
    return {
        "assignments": [
            {"code": a.code, "title": a.title, "status": a.status, "created_at": a.created_at}
            for a in Assignment.objects.filter(Q(posted_by=user) | Q(co_owners=user)).distinct().order_by("pk")
        ],
    }


def erase(user: User, erasure: privacy.Erasure) -> None:
    Assignment.objects.filter(Q(contact_email__in=erasure.needles) | Q(contact_name__in=erasure.needles)).update(
        contact_name="", contact_email=""
    )


PART = privacy.PersonalData(
    app_label="assignments",
    relations={
        "assignments.Assignment.co_owners": "exported (assignments); the link is removed with the account",
        "assignments.Assignment.posted_by": "exported (assignments); set to null, contact details cleared",
        "assignments.AssignmentApproval.approved_by": "not exported: a moderation decision; set to null",
    },
    personal_fields={
        "assignments.Assignment.contact_name": "a contact person; cleared when that person is deleted",
        "assignments.Assignment.contact_email": "a contact person; cleared when that person is deleted",
    },
    not_personal_fields=frozenset(
        {
            "assignments.Assignment.title",
            "assignments.Assignment.summary",
            "assignments.Assignment.description",
            "assignments.Assignment.place",
            "assignments.Assignment.facet_keys",  # the ids of its engagement forms (assignments.facets)
        }
    ),
    export=export,
    erase=erase,
)
