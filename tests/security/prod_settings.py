"""Production settings as a deployment would set them, for the header and `check --deploy` tests.

Run only in a subprocess (tests/security/test_headers.py): the environment is set before the
project settings are imported, exactly as in production. Two test-only deviations, both about
the machine rather than about security: an in-memory SQLite database and plain static storage
(collectstatic has not run here).
"""

from __future__ import annotations

import os
import secrets

os.environ.update(
    {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("PROD_TEST_SECRET_KEY") or secrets.token_urlsafe(48)[:50],
        "ALLOWED_HOSTS": "klusmarkt.example",
        "SECURE_SSL_REDIRECT": "true",
        "SITE_URL": "https://klusmarkt.voorbeeld.nl",
        "PRIVACY_CONTROLLER": "Gemeente Voorbeeld",
        "DEFAULT_FROM_EMAIL": "Klusmarkt <noreply@voorbeeld.nl>",
        "SECURITY_CONTACT": "mailto:security@voorbeeld.nl",
        "PRIVACY_CONTACT": "privacy@voorbeeld.nl",
        "PRIVACY_DPO_CONTACT": "fg@voorbeeld.nl",
        "ACCESSIBILITY_CONTACT_EMAIL": "toegankelijkheid@voorbeeld.nl",
        "DATABASE_URL": "sqlite://:memory:",
    }
)
# With REDIS_URL in the environment (as in CI), the cache is Redis, as in production.

from marketplace.settings import *  # noqa: F403
from marketplace.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
