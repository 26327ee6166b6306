"""Test-only overrides on top of the project settings."""

from __future__ import annotations

from marketplace.settings import *  # noqa: F403
from marketplace.settings import INSTALLED_APPS, STORAGES

DEBUG = False
# The benchmark app (its generate_scale_data command) is tested too; production does not install it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process unless a test starts a real worker (tests marked "worker").
CELERY_TASK_ALWAYS_EAGER = True
# Rate limits are tested where they matter; elsewhere they would make tests order-dependent.
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]  # allauth takes False for "no limits"
# The MFA policy is tested in tests/security/; elsewhere coordinators would be sent to enrol.
MFA_ENFORCE = False
# Every audit action must have words (marketplace.hooks): the whole suite walks the write paths.
AUDIT_ACTIONS_STRICT = True

# Tests speak English unless they ask for Dutch (Accept-Language or translation.override), so an
# assertion on a message reads the source text; test_i18n.py proves the Dutch default itself.
LANGUAGE_CODE = "en"

# Lookup tables kept between requests only where a test asks for it (marketplace.lib.lookups):
# rows cached by one test must not leak into the next one after its rollback.
LOOKUP_CACHE = False
