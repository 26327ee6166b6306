"""Settings: accounts (django-allauth), MFA, single sign-on and sessions; part of ``marketplace.settings``."""

from __future__ import annotations

from marketplace.lib.env import env_bool, env_int

# Accounts (django-allauth): email login, mandatory verification, rate limits, MFA.
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# A confirmed sign-up lands on a welcome that names the employer the address linked (or says none
# was found) and leads to the profile.
ACCOUNT_SIGNUP_REDIRECT_URL = "profiles:welcome"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_CHANGE_EMAIL = False
ACCOUNT_MAX_EMAIL_ADDRESSES = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A password-reset link works for an hour, not Django's three days (ASVS 6.4.1).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60)
# Changing email addresses or passwords asks for the password again when the last
# (re)authentication is older than the timeout; allauth's default is False.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Klusmarkt] "
ACCOUNT_ADAPTER = "marketplace.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Klusmarkt"
# BIO asks for MFA on internet-facing services: set MFA_REQUIRED_FOR_ALL=true to enforce it.
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", False)
# Besides staff, MFA is required for anyone for whom one of these predicates (dotted paths to
# ``f(user) -> bool``) is true. Dotted paths keep marketplace from importing the apps.
MFA_REQUIRED_PREDICATES = ["networks.policy.is_coordinator", "assignments.policy.is_client"]
# Off only in tests/settings.py, so other tests need not enrol their coordinators.
MFA_ENFORCE = env_bool("MFA_ENFORCE", True)
# A person found compliant is not re-checked for this long (saves queries on every request).
MFA_POLICY_CACHE_SECONDS = 300
MFA_REAUTHENTICATION_REQUIRED = True
# Single sign-on with the employer (OpenID Connect, NL GOV profile): one provider per organisation,
# configured as data (networks.IdentityProvider), hardened in networks.sso (docs/sso.md).
SOCIALACCOUNT_ADAPTER = "networks.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # PKCE (S256), nonce, a 256-bit state, ID-token signature always checked, private_key_jwt.
        "provider_class": "networks.sso.provider.NLGovOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
    },
}
# A provider vouches for its organisation's domains, so an existing account on such an address
# is linked to it on the first login through that provider (docs/sso.md: "Existing accounts").
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# No confirmation mail after a provider login: networks.sso refuses any login whose address the
# provider has not verified on a domain it vouches for, and then records the address as verified.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SOCIALACCOUNT_REQUESTS_TIMEOUT", 5)
# Tracked by marketplace.middleware (at most once per SESSION_REFRESH_SECONDS), not allauth's
# UserSessionsMiddleware (an UPDATE per request): the session list still shows "last seen".
USERSESSIONS_TRACK_ACTIVITY = True

# Sessions: idle timeout (rolling) and an absolute lifetime.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
# Rolling idle timeout without a write per request: marketplace.middleware re-saves the session
# (and records allauth's session activity) only when the last save is this many seconds old.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
