"""Back up and restore the uploads (CVs, photos) of the configured storage, the S3 bucket included.

    python manage.py uploads_archive export FILE.tar.gz   # every stored file into one archive
    python manage.py uploads_archive import FILE.tar.gz   # into an EMPTY storage (bucket or directory)

scripts/backup.sh and restore.sh call it when S3_BUCKET is set. Only the storage's public API is
used, so it works the same for the local directory and any S3-compatible bucket. Importing into
storage that already holds files is refused: a restore never overwrites what it should rescue.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management.base import BaseCommand, CommandError, CommandParser


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = "Export the stored uploads to a tar.gz, or import such an archive into empty storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("archive")

    def handle(self, *args: Any, action: str, archive: str, **options: Any) -> None:
        storage = storages["default"]
        if action == "export":
            count = 0
            with tarfile.open(archive, "w:gz") as tar:
                for name in stored_names(storage):
                    with storage.open(name, "rb") as handle:
                        info = tarfile.TarInfo(name)
                        info.size = storage.size(name)
                        tar.addfile(info, handle)
                    count += 1
            self.stdout.write(f"Exported {count} files to {archive}.")
            return
        if next(stored_names(storage), None) is not None:
            raise CommandError("The storage for uploads is not empty; uploads not restored.", returncode=4)
        count = 0
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                path = PurePosixPath(member.name)
                if not member.isfile() or path.is_absolute() or ".." in path.parts:
                    raise CommandError(f"Refusing archive member {member.name!r}")
                saved = storage.save(member.name, File(tar.extractfile(member), name=path.name))
                if saved != member.name:
                    raise CommandError(f"{member.name} was stored as {saved}")
                count += 1
        self.stdout.write(f"Imported {count} files from {archive}.")
