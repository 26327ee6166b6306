"""Checks for uploaded files, by content: a CV must be a real PDF, a photo a real JPEG or PNG."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PHOTO_MAX_SIDE = 600
PHOTO_MAX_PIXELS = 40_000_000
# Markup a browser could be tricked into rendering (a "polyglot" file).
_MARKUP = (b"<html", b"<script", b"<!doctype", b"<svg", b"<body", b"<iframe", b"<?xml")


def _read_limited(upload: UploadedFile) -> bytes:
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_BYTES // 2**20}
        )
    upload.seek(0)
    data = upload.read(settings.MAX_UPLOAD_BYTES + 1)
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_BYTES // 2**20}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    return data


def validate_pdf(upload: UploadedFile) -> bytes:
    """Return the bytes of ``upload`` if it is a PDF, judged by its content only.

    A PDF starts with ``%PDF-`` and ends with an ``%%EOF`` trailer. Files with HTML or script
    in their first kilobyte are refused, so they cannot double as a web page.
    """
    data = _read_limited(upload)
    head = data[:1024].lower()
    if any(marker in head for marker in _MARKUP):
        raise ValidationError(_("This file contains web page code; only a plain PDF is accepted."))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("This is not a PDF file. Save your CV as PDF and try again."))
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("This PDF file is incomplete or damaged."))
    return data


def process_photo(upload: UploadedFile) -> bytes:
    """Return ``upload`` re-encoded as a JPEG of at most PHOTO_MAX_SIDE pixels a side.

    Only real JPEG and PNG images are accepted; re-encoding drops metadata (such as the
    location in EXIF) and anything hidden after the image data.
    """
    data = _read_limited(upload)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"JPEG", "PNG"}:
                raise ValidationError(_("A photo must be a JPEG or PNG image."))
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("This image is too large."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            rgb = image.convert("RGB")
            rgb.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            rgb.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("A photo must be a JPEG or PNG image.")) from exc
    return out.getvalue()
