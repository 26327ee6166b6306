"""An upload handler that keeps uploaded files in memory only, bounded by MAX_UPLOAD_BYTES.

Django's default handlers write a file larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary
file on the local disk. Klusmarkt's uploads are small and go to shared storage (an S3 bucket past
one machine), and the containers run with a read-only root filesystem, so nothing is written
locally. Past MAX_UPLOAD_BYTES + 1 bytes the handler stops keeping data but goes on counting, so
the validators in ``profiles.uploads`` see the real size and refuse the file with a clear message.
Memory per request stays below DATA_UPLOAD_MAX_NUMBER_FILES × (MAX_UPLOAD_BYTES + 1).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedMemoryUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()
        self.limit = settings.MAX_UPLOAD_BYTES + 1

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.limit - self.file.tell()
        if room > 0:
            self.file.write(raw_data[:room])
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
