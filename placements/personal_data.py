"""What the placement workflow stores about a person (reactions, placements, references), for the
privacy registry."""

from __future__ import annotations

from typing import Any

from marketplace import privacy
from marketplace.models import User
from placements.models import (
    ConsentRequest,
    HomeFeedbackRequest,
    Interest,
    LearningRecord,
    Placement,
    Reference,
    SignalFact,
)


def export(user: User) -> dict[str, Any]:
    return {
        "reactions": [
            {
                "assignment": i.assignment.title,
                "status": i.status,
                "motivation": i.motivation,
                "created_at": i.created_at,
            }
            for i in Interest.objects.filter(professional=user).select_related("assignment")
        ],
        "placements": [
            {"assignment": p.assignment.title, "status": p.status, "created_at": p.created_at}
            for p in Placement.objects.filter(professional=user).select_related("assignment")
        ],
        "learning_records": [
            {
                "learned": r.learned,
                "brings_back": r.brings_back,
                "themes": r.themes,
                "again": r.again,
                "created_at": r.created_at,
            }
            for r in LearningRecord.objects.filter(placement__professional=user)
        ],
        "home_feedback": [
            {
                "effect": f.effect,
                "themes": f.themes,
                "support_again": f.support_again,
                "comment": f.comment,
                "answered_at": f.answered_at,
            }
            for f in HomeFeedbackRequest.objects.filter(
                placement__professional=user, status=HomeFeedbackRequest.Status.ANSWERED
            )
        ],
        "references_written": [
            {"text": r.text, "rating": r.rating, "created_at": r.created_at}
            for r in Reference.objects.filter(author=user)
        ],
        "answers_given": [
            {"signal": f.signal, "answer": f.answer, "note": f.note, "recorded_at": f.recorded_at}
            for f in SignalFact.objects.filter(recorded_by=user)
        ],
    }


def erase(user: User, erasure: privacy.Erasure) -> None:
    erasure.scrub(Reference, ["author_name", "text"])
    erasure.scrub(SignalFact, ["note"])
    # A leidinggevende who had an account: their address and name leave the answers they gave,
    # the consent they gave or refused as well as the home feedback.
    erasure.scrub(ConsentRequest, ["manager_email", "comment"])
    erasure.scrub(HomeFeedbackRequest, ["manager_email", "comment"])


PART = privacy.PersonalData(
    app_label="placements",
    relations={
        "placements.Interest.professional": "exported (reactions); deleted with the account",
        "placements.Introduction.planned_by": "not exported: planned by someone else; set to null",
        "placements.Placement.professional": "exported (placements); deleted with the account",
        "placements.Reference.author": "exported (references written); kept for the other side, author set to null",
        "placements.SignalFact.recorded_by": "exported (answers given); kept for the placement, set to null",
    },
    personal_fields={
        "placements.Interest.motivation": "exported (reactions), deleted",
        "placements.Interest.availability": "exported with the reaction, deleted",
        "placements.Interest.decline_reason": "about the person; deleted with the reaction",
        "placements.Introduction.note": "may name people; deleted with the reaction",
        "placements.ConsentRequest.manager_email": "the leidinggevende's address; deleted with the placement, "
        "scrubbed when the leidinggevende's account is deleted",
        "placements.ConsentRequest.comment": "the leidinggevende's comment; deleted with the placement, "
        "scrubbed of the leidinggevende's name and address when their account is deleted",
        "placements.LearningRecord.learned": "own words; exported (learning records), deleted with the placement",
        "placements.LearningRecord.brings_back": "own words; exported with the learning record, deleted with it",
        "placements.LearningRecord.themes": "an answer; exported with the learning record, deleted with the placement",
        "placements.HomeFeedbackRequest.manager_email": "the leidinggevende's address; deleted with the placement, "
        "scrubbed when the leidinggevende's account is deleted",
        "placements.HomeFeedbackRequest.themes": "about the professional; exported (home feedback), deleted with it",
        "placements.HomeFeedbackRequest.comment": "to the professional; exported with the home feedback, deleted",
        "placements.Reference.author_name": "the author's name; scrubbed when the author is deleted",
        "placements.Reference.text": "about the professional; deleted with the placement, scrubbed of the author",
        "placements.SignalFact.data": "the match at selection, from the profile; deleted with the placement",
        "placements.SignalFact.note": "an explanation of an answer; deleted with the placement, scrubbed of its author",
    },
    not_personal_fields=frozenset(
        {
            "placements.Introduction.location",
            "placements.Introduction.video_url",
            "placements.ConsentRequest.nonce",
            "placements.Reference.signature",
            "placements.HomeFeedbackRequest.nonce_hash",
        }
    ),
    export=export,
    erase=erase,
)
