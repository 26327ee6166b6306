from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from marketplace.lib.storage import open_stream
from profiles.access import get_contact_profile_for_user, get_profile_for_user, get_share_link
from profiles.models import Profile
from profiles.selectors import profile_page
from profiles.services import cv_download_denied, cv_download_record, share_link_used


def _file_response(field: FieldFile, *, filename: str, content_type: str, attachment: bool) -> FileResponse:
    # Streamed from the storage (local or the S3 bucket) after the caller's visibility check;
    # never a redirect to a (presigned) storage URL: see marketplace/lib/storage.py.
    try:
        stream, size = open_stream(field)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stream, as_attachment=attachment, filename=filename, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _cv_response(profile: Profile) -> FileResponse:
    if not profile.cv:
        raise Http404
    filename = f"cv-{slugify(profile.display_name) or 'klusmarkt'}.pdf"
    return _file_response(profile.cv, filename=filename, content_type="application/pdf", attachment=True)


def _photo_response(profile: Profile) -> FileResponse:
    if not profile.photo:
        raise Http404
    return _file_response(profile.photo, filename="photo.jpg", content_type="image/jpeg", attachment=False)


@login_not_required
@require_GET
def detail(request: HttpRequest, code: Any) -> HttpResponse:
    """Whoever may see the profile (visible_to, else 404); contact details by contact_visible_to."""
    profile, can_contact = get_profile_for_user(request.user, code)
    ctx = profile_page(profile, can_contact=can_contact, is_owner=profile.user_id == request.user.pk)
    return render(request, "profiles/detail.html", ctx)


@login_not_required
@require_GET
def cv(request: HttpRequest, code: Any) -> HttpResponse:
    """Whoever may see the contact details (contact_visible_to, else 404); every download is audited."""
    try:
        profile = get_contact_profile_for_user(request.user, code)
    except Http404:
        cv_download_denied(actor=request.user, code=code)
        raise
    response = _cv_response(profile)
    cv_download_record(actor=request.user, profile=profile, via="profile")
    return response


@login_not_required
@require_GET
def photo(request: HttpRequest, code: Any) -> HttpResponse:
    """Whoever may see the profile (visible_to, else 404)."""
    profile, _can_contact = get_profile_for_user(request.user, code)
    return _photo_response(profile)


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "profiles/shared_gone.html", status=410)


@login_not_required
@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """Holders of an active share link; an expired or revoked link gets a clear page (410)."""
    link = get_share_link(token)
    if link is None:
        raise Http404
    if not link.is_active:
        return _gone(request)
    share_link_used(link=link)
    ctx = profile_page(link.profile, can_contact=link.include_contact)
    ctx |= {"share_link": link, "share_token": token}  # the token as the holder gave it: it is not stored
    response = render(request, "profiles/detail.html", ctx)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@require_GET
def shared_cv(request: HttpRequest, token: str) -> HttpResponse:
    """Holders of an active share link that includes contact details and the CV; audited."""
    link = get_share_link(token)
    if link is None or not link.include_contact:
        raise Http404
    if not link.is_active:
        return _gone(request)
    response = _cv_response(link.profile)
    cv_download_record(actor=request.user, profile=link.profile, via="share-link")
    return response


@login_not_required
@require_GET
def shared_photo(request: HttpRequest, token: str) -> HttpResponse:
    """Holders of an active share link."""
    link = get_share_link(token)
    if link is None or not link.is_active:
        raise Http404
    return _photo_response(link.profile)
