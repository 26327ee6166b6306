"""Factories and file samples for the profile tests."""

from __future__ import annotations

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from profiles.models import ExperienceEntry, Profile, ShareLink, share_token_hash

# A minimal but complete PDF: header, one empty page, cross-reference table and trailer.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)
PDF_WITH_HTML = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n" + PDF[9:]
HTML_THEN_PDF = b"<html><body><script>alert(1)</script></body></html>\n" + PDF


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (1200, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format=fmt)
    return out.getvalue()


def attach_files(profile: Profile, *, cv: bool = True, photo: bool = True) -> Profile:
    if cv:
        profile.cv.save("cv.pdf", ContentFile(PDF), save=False)
    if photo:
        profile.photo.save("photo.jpg", ContentFile(image_bytes("JPEG", (60, 60))), save=False)
    profile.save()
    return profile


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExperienceEntry

    kind = ExperienceEntry.Kind.WORK
    title = "Beleidsadviseur wonen"
    organisation_name = "Gemeente Utrecht"


class ShareLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShareLink

    # The plain token exists only on the object built here (as after share_link_create).
    token = factory.Sequence(lambda n: f"test-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")
    token_hash = factory.LazyAttribute(lambda o: share_token_hash(o.token))
    label = "Opdrachtgever Eindhoven"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    include_contact = True

    @classmethod
    def _create(cls, model_class, *args, token, **kwargs):
        link = super()._create(model_class, *args, **kwargs)
        link.token = token
        return link
