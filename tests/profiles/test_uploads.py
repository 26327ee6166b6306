"""CV and photo uploads: judged by content, stored privately, served only through the rule."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.models import AuditEntry
from profiles.uploads import PHOTO_MAX_SIDE, process_photo, validate_pdf
from tests import factories
from tests.profiles.factories import HTML_THEN_PDF, PDF, PDF_WITH_HTML, attach_files, image_bytes


def upload(content: bytes, name: str = "cv.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_it_accepts_a_real_pdf():
    assert validate_pdf(upload(PDF)) == PDF


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (image_bytes("PNG"), "not a PDF"),
        (PDF_WITH_HTML, "web page code"),
        (HTML_THEN_PDF, "web page code"),
        (b"", "empty"),
        (PDF[:-7], "incomplete"),
        (b"%PDF-1.4\n<svg onload=alert(1)>\n%%EOF", "web page code"),
    ],
    ids=["renamed-png", "pdf-with-html", "html-then-pdf", "empty", "no-trailer", "svg"],
)
def test_it_refuses_what_is_not_a_plain_pdf(content, message):
    with pytest.raises(ValidationError, match=message):
        validate_pdf(upload(content))


def test_it_refuses_an_oversized_file(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    big = PDF[:-6] + b" " * 1000 + b"%%EOF\n"
    with pytest.raises(ValidationError, match="too large"):
        validate_pdf(upload(big))
    assert validate_pdf(upload(PDF)) == PDF


def test_it_refuses_a_file_over_five_megabytes():
    big = PDF[:-6] + b" " * (5 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError, match="too large"):
        validate_pdf(upload(big))


def test_it_re_encodes_and_resizes_a_photo():
    data = process_photo(upload(image_bytes("PNG", (1600, 900)), "me.png", "image/png"))
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == PHOTO_MAX_SIDE


@pytest.mark.parametrize(
    "content",
    [PDF, b"", b"<html><script>alert(1)</script></html>", image_bytes("PNG")[:40] + b"<script>alert(1)</script>"],
    ids=["pdf", "empty", "html", "truncated-png-with-html"],
)
def test_it_refuses_what_is_not_an_image(content):
    with pytest.raises(ValidationError):
        process_photo(upload(content, "me.jpg", "image/jpeg"))


def test_it_refuses_a_gif_photo():
    with pytest.raises(ValidationError, match="JPEG or PNG"):
        process_photo(upload(image_bytes("GIF", (10, 10)), "me.jpg", "image/jpeg"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "status"),
    [(PDF, 302), (image_bytes("PNG"), 400), (PDF_WITH_HTML, 400), (b"", 400)],
    ids=["pdf", "renamed-png", "polyglot", "empty"],
)
def test_it_accepts_only_a_real_pdf_through_the_form(client, owner, content, status):
    client.force_login(owner)
    data = {"display_name": "Sanne", "visibility": "1", "contact_visibility": "0", "cv_file": upload(content)}
    response = client.post("/professionals/mijn-profiel/", data)
    assert response.status_code == status


@pytest.mark.django_db
def test_it_serves_the_cv_as_an_attachment_with_safe_headers(client, owner):
    profile = attach_files(factories.ProfileFactory(user=owner, display_name='Sanne "de" Vries\r\nX: y'))
    client.force_login(owner)
    response = client.get(f"/professionals/{profile.code}/cv/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cv-sanne-de-vries-x-y.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_audits_who_downloaded_a_cv(client, owner, outsider):
    profile = attach_files(factories.ProfileFactory(user=owner, visibility=2, contact_visibility=2))
    client.force_login(outsider)
    assert client.get(f"/professionals/{profile.code}/cv/").status_code == 200
    entry = AuditEntry.objects.get(action="profiles.cv.downloaded")
    assert entry.actor == outsider
    assert entry.target_id == str(profile.pk)


@pytest.mark.django_db
def test_it_serves_the_photo_inline_as_jpeg(client, owner):
    profile = attach_files(factories.ProfileFactory(user=owner, visibility=3))
    response = client.get(f"/professionals/{profile.code}/foto/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.django_db
def test_it_has_no_public_route_to_uploaded_files(client, owner):
    profile = attach_files(factories.ProfileFactory(user=owner, visibility=3, contact_visibility=3))
    assert client.get(f"/media/{profile.cv.name}").status_code == 404
    assert client.get(f"/{profile.cv.name}").status_code == 404


@pytest.mark.django_db
def test_it_answers_404_when_there_is_no_cv(client, owner):
    profile = factories.ProfileFactory(user=owner, visibility=3, contact_visibility=3)
    assert client.get(f"/professionals/{profile.code}/cv/").status_code == 404
    assert client.get(f"/professionals/{profile.code}/foto/").status_code == 404


@pytest.mark.django_db
def test_it_audits_a_refused_cv_download(client, owner, outsider):
    profile = attach_files(factories.ProfileFactory(user=owner, visibility=2, contact_visibility=1))
    client.force_login(outsider)
    assert client.get(f"/professionals/{profile.code}/cv/").status_code == 404
    entry = AuditEntry.objects.get(action="profiles.cv.denied")
    assert entry.actor == outsider
    assert not AuditEntry.objects.filter(action="profiles.cv.downloaded").exists()
