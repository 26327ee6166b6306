"""Create the uploads bucket when S3 storage is configured and the bucket does not exist yet.

For a local stack (docker-compose.yml runs it before migrating) and first installs; a managed
bucket made by the platform team is left as it is. Without S3 settings it does nothing.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from marketplace.lib.storage import PrivateS3Storage


class Command(BaseCommand):
    help = "Create the S3 bucket for uploads if S3_BUCKET is set and it does not exist."

    def handle(self, *args: Any, **options: Any) -> None:
        storage = storages["default"]
        if not isinstance(storage, PrivateS3Storage):
            self.stdout.write("Uploads are stored locally; no bucket to create.")
            return
        client = storage.connection.meta.client
        try:
            client.head_bucket(Bucket=storage.bucket_name)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
                raise
            params: dict[str, Any] = {"Bucket": storage.bucket_name}
            region = client.meta.region_name
            if region and region != "us-east-1":
                params["CreateBucketConfiguration"] = {"LocationConstraint": region}
            client.create_bucket(**params)
            self.stdout.write(f"Created bucket {storage.bucket_name}.")
        else:
            self.stdout.write(f"Bucket {storage.bucket_name} exists.")
        # Private whatever the server's default: no public access, whatever a policy said before.
        try:
            client.put_public_access_block(
                Bucket=storage.bucket_name,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": True,
                    "RestrictPublicBuckets": True,
                },
            )
        except ClientError as exc:
            # MinIO and some providers do not implement it; their buckets are private by default.
            self.stdout.write(f"Public access block not set ({exc.response.get('Error', {}).get('Code')}).")
