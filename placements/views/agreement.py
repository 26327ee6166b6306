"""The draft agreement of a placement as a PDF (placements.services.agreement)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from placements.access import get_agreement_placement
from placements.services.agreement import agreement_pdf


@require_GET
def placement_agreement(request: HttpRequest, code: uuid.UUID) -> HttpResponse:
    """Login, a party of the placement (professional or owner) or staff; 404 for everyone else, and before the terms."""
    placement = get_agreement_placement(request.user, code)
    if not placement.has_terms:
        raise Http404
    agreement, pdf = agreement_pdf(placement)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreement.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
