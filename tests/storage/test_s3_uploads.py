"""CVs and photos in a shared S3-compatible bucket: stored there only, served only through the rule,
erased with the account and included in the AVG export. Against a real server (moto), not a mock."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import AuditEntry, User
from profiles.models import Profile
from profiles.privacy import account_delete, account_export
from tests import factories
from tests.profiles.factories import PDF, attach_files, image_bytes

pytestmark = pytest.mark.django_db


def big_pdf(size: int) -> bytes:
    """A valid PDF of ``size`` bytes: larger than FILE_UPLOAD_MAX_MEMORY_SIZE, so Django's default
    handlers would have spooled it to a temporary file on disk."""
    return PDF[:-6] + b" " * (size - len(PDF)) + b"%%EOF\n"


@pytest.fixture
def no_local_disk(settings, tmp_path, monkeypatch):
    """Empty local media and temp directories, and any local write of an upload made to fail."""
    media, temp = tmp_path / "media", tmp_path / "tmp"
    media.mkdir()
    temp.mkdir()
    settings.MEDIA_ROOT = media
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)

    def refuse(*args, **kwargs):
        raise AssertionError("an upload touched the local disk")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    monkeypatch.setattr("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", refuse)
    yield media, temp
    assert list(media.iterdir()) == []
    assert list(temp.iterdir()) == []


def test_it_stores_an_upload_in_the_bucket_without_touching_the_local_disk(
    client, owner, s3_server, s3_bucket, no_local_disk, settings
):
    content = big_pdf(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 300_000)
    photo = image_bytes("PNG", (900, 700))
    client.force_login(owner)
    response = client.post(
        "/professionals/mijn-profiel/",
        {
            "display_name": "Sanne",
            "visibility": "3",
            "contact_visibility": "0",
            "cv_file": SimpleUploadedFile("cv.pdf", content, content_type="application/pdf"),
            "photo_file": SimpleUploadedFile("me.png", photo, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert s3_server.keys(s3_bucket) == sorted([profile.cv.name, profile.photo.name])
    assert s3_server.read(s3_bucket, profile.cv.name) == content
    assert s3_server.read(s3_bucket, profile.photo.name).startswith(b"\xff\xd8")


def test_it_refuses_an_oversized_upload_kept_in_memory(client, owner, s3_server, s3_bucket, no_local_disk, settings):
    settings.MAX_UPLOAD_BYTES = 1_000_000
    client.force_login(owner)
    data = {"display_name": "Sanne", "visibility": "3", "contact_visibility": "0"}
    data["cv_file"] = SimpleUploadedFile("cv.pdf", big_pdf(3_000_000), content_type="application/pdf")
    response = client.post("/professionals/mijn-profiel/", data)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert s3_server.keys(s3_bucket) == []


def test_it_streams_the_cv_from_the_bucket_only_to_whom_the_rule_allows(client, owner, outsider, member, s3_bucket):
    profile = attach_files(factories.ProfileFactory(user=owner, visibility=3, contact_visibility=3))
    client.force_login(outsider)
    response = client.get(f"/professionals/{profile.code}/cv/")
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Length"] == str(len(PDF))
    assert response["Cache-Control"] == "no-store"
    assert "amazonaws" not in str(response.headers) and "127.0.0.1:81" not in str(response.headers)

    profile.contact_visibility = 1
    profile.save(update_fields=["contact_visibility"])
    assert client.get(f"/professionals/{profile.code}/cv/").status_code == 404
    assert AuditEntry.objects.filter(action="profiles.cv.denied", actor=outsider).exists()
    profile.visibility = 0
    profile.contact_visibility = 0
    profile.save(update_fields=["visibility", "contact_visibility"])
    assert client.get(f"/professionals/{profile.code}/foto/").status_code == 404
    client.force_login(owner)
    assert b"".join(client.get(f"/professionals/{profile.code}/foto/").streaming_content).startswith(b"\xff\xd8")


def test_it_answers_404_when_the_object_is_gone_from_the_bucket(client, owner, s3_server, s3_bucket):
    profile = attach_files(factories.ProfileFactory(user=owner, visibility=3, contact_visibility=3))
    s3_server.client().delete_object(Bucket=s3_bucket, Key=profile.cv.name)
    client.force_login(owner)
    assert client.get(f"/professionals/{profile.code}/cv/").status_code == 404


def test_it_never_hands_out_a_storage_url(owner, s3_bucket):
    profile = attach_files(factories.ProfileFactory(user=owner))
    with pytest.raises(NotImplementedError):
        _ = profile.cv.url


def test_it_exports_the_files_from_the_bucket(owner, s3_server, s3_bucket):
    profile = attach_files(factories.ProfileFactory(user=owner))
    photo = s3_server.read(s3_bucket, profile.photo.name)
    archive = zipfile.ZipFile(io.BytesIO(account_export(user=owner)))
    assert set(archive.namelist()) == {"data.json", "cv.pdf", "photo.jpg"}
    assert archive.read("cv.pdf") == PDF
    assert archive.read("photo.jpg") == photo


def test_it_erases_the_files_from_the_bucket_with_the_account(owner, outsider, s3_server, s3_bucket):
    attach_files(factories.ProfileFactory(user=owner))
    kept = attach_files(factories.ProfileFactory(user=outsider))
    assert len(s3_server.keys(s3_bucket)) == 4
    account_delete(user=owner)
    assert not User.objects.filter(pk=owner.pk).exists()
    assert s3_server.keys(s3_bucket) == sorted([kept.cv.name, kept.photo.name])
