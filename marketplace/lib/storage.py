"""Where uploads (CVs, photos) live: a private local directory, or a private S3-compatible bucket.

Uploads are never public. A view applies the visibility rule first and then *streams* the file
(``open_stream``); no URL into the storage is ever handed out, not even a presigned one:

- a presigned URL is a bearer token for its whole lifetime: it can be forwarded, lands in browser
  history, proxy logs and Referer headers, and cannot be revoked when the profile is hidden, a
  share link is revoked or the account is erased;
- every CV download is audited at the one place that decides who may have it;
- the bucket stays reachable from the pods only (NetworkPolicy), not from the internet, and the
  response keeps its own headers (``no-store``, ``nosniff``, a sandboxing CSP);
- the files are small (a CV is at most MAX_UPLOAD_BYTES, a photo at most 600 px), so streaming them
  through a gunicorn thread costs little.
"""

from __future__ import annotations

from typing import IO, Any

from botocore.exceptions import ClientError
from django.db.models.fields.files import FieldFile
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """S3Storage for private files: no ACL of its own (the bucket is private), never overwritten, no URLs."""

    default_acl = None
    file_overwrite = False
    querystring_auth = True

    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        raise NotImplementedError("Private uploads have no URL: stream them through a view that checks visibility.")

    def open_stream(self, name: str) -> tuple[IO[bytes], int]:
        """The object's body as a stream straight from the bucket (nothing spooled), and its size."""
        key = self._normalize_name(clean_name(name))
        try:
            obj = self.bucket.Object(key).get()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise FileNotFoundError(name) from exc
            raise
        return obj["Body"], obj["ContentLength"]


def open_stream(field: FieldFile) -> tuple[IO[bytes], int | None]:
    """Open a stored file for reading in chunks; the size when the storage tells it cheaply."""
    storage, name = field.storage, field.name
    if not name:
        raise FileNotFoundError("no file")
    if isinstance(storage, PrivateS3Storage):
        return storage.open_stream(name)
    return storage.open(name, "rb"), None
