"""A real S3-compatible server for tests: moto in server mode, on a free port of 8100-8149.

Not a mock of boto3: the code under test speaks HTTP to a separate process, exactly as it would
to MinIO or a cloud bucket.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import boto3

PORTS = range(8100, 8150)
ACCESS_KEY = "klusmarkt-test"
SECRET_KEY = "klusmarkt-test-secret"
REGION = "eu-west-1"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def env(self, bucket: str) -> dict[str, str]:
        """The environment that points Klusmarkt's settings at ``bucket`` on this server."""
        return {
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_BUCKET": bucket,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_REGION": REGION,
        }

    def storage_settings(self, bucket: str) -> dict:
        """The STORAGES["default"] entry that marketplace/settings.py builds from ``env(bucket)``."""
        return {
            "BACKEND": "marketplace.lib.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint_url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": "",
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        }


def free_port(exclude: tuple[int, ...] = ()) -> int:
    for port in PORTS:
        if port in exclude:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8100-8149")


@contextlib.contextmanager
def running_s3_server(timeout: float = 30) -> Iterator[S3Server]:
    """Start ``moto.server`` and stop it (by its own PID) afterwards; retried on a port race."""
    for _attempt in range(3):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY},
        )
        server = S3Server(endpoint_url=f"http://127.0.0.1:{port}", process=process)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            try:
                server.client().list_buckets()
                break
            except Exception:  # noqa: BLE001 - not up yet.
                time.sleep(0.2)
        else:
            process.kill()
            process.wait(timeout=10)
            continue
        try:
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        return
    raise RuntimeError("moto server did not start")
