"""Every URL of the site, classified. A new URL that is not listed here fails the build.

- ``public``: anyone, including anonymous visitors (the view is marked ``@login_not_required``).
- ``login``: a logged-in account; anonymous visitors are sent to the login page. What a
  logged-in person may then see or do is decided per object (404 / 403) and tested per view.
- ``token``: public, but only with a valid signed or random token in the URL.
- ``api``: the machine API (/api/v1/): no session login, but a network's key in the
  ``Authorization`` header; without a valid key every such route answers 401 problem+json.
"""

from __future__ import annotations

PUBLIC = "public"
LOGIN = "login"
TOKEN = "token"
API = "api"

ROUTES: dict[str, str] = {
    # marketplace
    "home": PUBLIC,
    "livez": PUBLIC,
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "security-txt": PUBLIC,
    "privacy": PUBLIC,
    "accessibility": PUBLIC,
    "notifications": LOGIN,
    "dashboard": LOGIN,
    "notifications-read": LOGIN,
    "notification-preferences": LOGIN,  # /meldingen/voorkeuren/
    "unsubscribe": TOKEN,  # /meldingen/afmelden/<str:token>/
    "matching:recommended": LOGIN,  # /mijn/aanbevolen/
    "matching:not-interested": LOGIN,  # /mijn/aanbevolen/<uuid:code>/niet-interessant/
    "matching:saved-searches": LOGIN,  # /mijn/zoekopdrachten/
    "matching:saved-search-delete": LOGIN,  # /mijn/zoekopdrachten/<uuid:code>/verwijderen/
    "matching:suitable": LOGIN,  # /klussen/<uuid:code>/geschikt/
    "matching:invite": LOGIN,  # /klussen/<uuid:code>/geschikt/<uuid:profile_code>/uitnodigen/
    # allauth: account
    "account_login": PUBLIC,
    "account_logout": PUBLIC,
    "account_inactive": PUBLIC,
    "account_signup": PUBLIC,
    "account_reauthenticate": LOGIN,
    "account_request_reauthentication_code": LOGIN,
    "account_confirm_reauthentication_code": LOGIN,
    "account_email": LOGIN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": LOGIN,
    "account_set_password": LOGIN,
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": PUBLIC,
    "account_confirm_email": TOKEN,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": TOKEN,
    "account_reset_password_done": PUBLIC,
    # single sign-on with the organisation's identity provider (networks.sso, allauth socialaccount)
    "sso_login": PUBLIC,  # /accounts/organisatie/
    "openid_connect_login": PUBLIC,  # /accounts/oidc/<slug:provider_id>/login/
    "openid_connect_callback": PUBLIC,  # /accounts/oidc/<slug:provider_id>/login/callback/ (state + PKCE)
    "socialaccount_login_cancelled": PUBLIC,
    "socialaccount_login_error": LOGIN,  # allauth leaves it behind the login
    "socialaccount_signup": PUBLIC,
    "socialaccount_connections": LOGIN,
    # allauth: mfa and sessions
    "mfa_index": LOGIN,
    "mfa_authenticate": PUBLIC,
    "mfa_reauthenticate": LOGIN,
    "mfa_activate_totp": LOGIN,
    "mfa_deactivate_totp": LOGIN,
    "mfa_view_recovery_codes": LOGIN,
    "mfa_generate_recovery_codes": LOGIN,
    "mfa_download_recovery_codes": LOGIN,
    "usersessions_list": LOGIN,
    # networks
    "networks:list": PUBLIC,
    "networks:invitation": TOKEN,  # /netwerken/uitnodiging/<str:token>/
    "networks:invitation-accept": LOGIN,  # /netwerken/uitnodiging/<str:token>/accepteren/
    "networks:my-employer-rules": LOGIN,  # /netwerken/organisaties/mijn-werkgever/
    "networks:organisation-rules": PUBLIC,  # /netwerken/organisaties/<slug:slug>/regels/
    "networks:organisation-rules-edit": LOGIN,  # /netwerken/organisaties/<slug:slug>/regels/bewerken/
    "networks:detail": PUBLIC,  # /netwerken/<slug:slug>/
    "networks:join": LOGIN,  # /netwerken/<slug:slug>/aanmelden/
    "networks:leave": LOGIN,  # /netwerken/<slug:slug>/verlaten/
    "networks:dashboard": LOGIN,  # /netwerken/<slug:slug>/beheer/
    "networks:queue": LOGIN,  # /netwerken/<slug:slug>/beheer/aanvragen/
    "networks:members": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/
    "networks:members-export": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/export.csv
    "networks:member": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/<uuid:code>/
    "networks:member-admit": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/<uuid:code>/toelaten/
    "networks:member-reject": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/<uuid:code>/afwijzen/
    "networks:member-suspend": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/<uuid:code>/schorsen/
    "networks:member-reinstate": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/<uuid:code>/herstellen/
    "networks:member-promote": LOGIN,  # /netwerken/<slug:slug>/beheer/leden/<uuid:code>/coordinator/
    "networks:invite": LOGIN,  # /netwerken/<slug:slug>/beheer/uitnodigen/
    "networks:history": LOGIN,  # /netwerken/<slug:slug>/beheer/geschiedenis/
    "networks:partnerships": LOGIN,  # /netwerken/<slug:slug>/beheer/partners/
    "networks:partnership-accept": LOGIN,  # /netwerken/<slug:slug>/beheer/partners/<uuid:code>/accepteren/
    "networks:partnership-decline": LOGIN,  # /netwerken/<slug:slug>/beheer/partners/<uuid:code>/afwijzen/
    # profiles
    "profiles:list": PUBLIC,
    "profiles:expertise-autocomplete": LOGIN,  # /professionals/expertise/
    "profiles:edit": LOGIN,  # /professionals/mijn-profiel/
    "profiles:preview": LOGIN,  # /professionals/mijn-profiel/voorbeeld/
    "profiles:visibility": LOGIN,  # /professionals/mijn-profiel/wie-ziet-wat/
    "profiles:experience-add": LOGIN,  # /professionals/mijn-profiel/ervaring/
    "profiles:experience-remove": LOGIN,  # /professionals/mijn-profiel/ervaring/<int:entry_id>/verwijderen/
    "profiles:share-links": LOGIN,  # /professionals/mijn-profiel/deellinks/
    "profiles:share-link-create": LOGIN,  # /professionals/mijn-profiel/deellinks/nieuw/
    "profiles:share-link-revoke": LOGIN,  # /professionals/mijn-profiel/deellinks/<int:link_id>/intrekken/
    "profiles:quadrant": LOGIN,  # /professionals/mijn-profiel/kernkwadrant/
    "profiles:selfscan": LOGIN,  # /professionals/mijn-profiel/zelfscan/
    "profiles:export": LOGIN,  # /professionals/mijn-profiel/mijn-gegevens/
    "profiles:delete": LOGIN,  # /professionals/mijn-profiel/account-verwijderen/
    "profiles:shared": TOKEN,  # /professionals/gedeeld/<str:token>/
    "profiles:shared-cv": TOKEN,  # /professionals/gedeeld/<str:token>/cv/
    "profiles:shared-photo": TOKEN,  # /professionals/gedeeld/<str:token>/foto/
    "profiles:detail": PUBLIC,  # /professionals/<uuid:code>/
    "profiles:cv": PUBLIC,  # /professionals/<uuid:code>/cv/
    "profiles:photo": PUBLIC,  # /professionals/<uuid:code>/foto/
    # assignments
    "assignments:list": PUBLIC,
    "assignments:create": LOGIN,  # /klussen/nieuw/
    "assignments:mine": LOGIN,  # /klussen/mijn/
    "assignments:moderation": LOGIN,  # /klussen/moderatie/
    "assignments:feed": PUBLIC,  # /klussen/feed/
    "assignments:network-feed": PUBLIC,  # /klussen/feed/<slug:slug>/
    "assignments:detail": PUBLIC,  # /klussen/<uuid:code>/
    "assignments:edit": LOGIN,  # /klussen/<uuid:code>/bewerken/
    "assignments:publish": LOGIN,  # /klussen/<uuid:code>/publiceren/
    "assignments:duplicate": LOGIN,  # /klussen/<uuid:code>/kopieren/
    "assignments:close": LOGIN,  # /klussen/<uuid:code>/sluiten/
    "assignments:cancel": LOGIN,  # /klussen/<uuid:code>/annuleren/
    "assignments:approve": LOGIN,  # /klussen/<uuid:code>/goedkeuren/
    "assignments:send-back": LOGIN,  # /klussen/<uuid:code>/terugsturen/
    "placements:my-interests": LOGIN,  # /klussen/mijn-reacties/
    "placements:react": LOGIN,  # /klussen/<uuid:code>/reageren/
    "placements:interests": LOGIN,  # /klussen/<uuid:code>/reacties/
    "placements:interest-detail": LOGIN,  # /klussen/<uuid:code>/reacties/<uuid:interest>/
    "placements:interest-withdraw": LOGIN,  # /klussen/<uuid:code>/reacties/<uuid:interest>/intrekken/
    "placements:interest-shortlist": LOGIN,  # /klussen/<uuid:code>/reacties/<uuid:interest>/shortlist/
    "placements:interest-decline": LOGIN,  # /klussen/<uuid:code>/reacties/<uuid:interest>/afwijzen/
    "placements:introduction-plan": LOGIN,  # /klussen/<uuid:code>/reacties/<uuid:interest>/kennismaking/
    "placements:interest-select": LOGIN,  # /klussen/<uuid:code>/reacties/<uuid:interest>/selecteren/
    "placements:placement-detail": LOGIN,  # /klussen/plaatsingen/<uuid:code>/
    "placements:placement-manager": LOGIN,  # /klussen/plaatsingen/<uuid:code>/leidinggevende/
    "placements:placement-side-activity": LOGIN,  # /klussen/plaatsingen/<uuid:code>/nevenwerkzaamheden/
    "placements:placement-terms": LOGIN,  # /klussen/plaatsingen/<uuid:code>/voorwaarden/
    "placements:placement-confirm": LOGIN,  # /klussen/plaatsingen/<uuid:code>/voorwaarden/bevestigen/
    "placements:placement-complete": LOGIN,  # /klussen/plaatsingen/<uuid:code>/afronden/
    "placements:placement-cancel": LOGIN,  # /klussen/plaatsingen/<uuid:code>/annuleren/
    "placements:placement-reference": LOGIN,  # /klussen/plaatsingen/<uuid:code>/referentie/
    "placements:reference": PUBLIC,  # /klussen/referenties/<uuid:code>/
    "placements:reference-accept": LOGIN,  # /klussen/referenties/<uuid:code>/accepteren/
    "placements:consent": PUBLIC,  # /klussen/toestemming/
    "placements:consent-link": TOKEN,  # /klussen/toestemming/<str:token>/
    # the API (docs/api.md) and its keys in the coordinator's workspace
    "api:openapi": PUBLIC,  # /api/v1/openapi.json
    "api:klussen": API,  # /api/v1/klussen
    "api:klus": API,  # /api/v1/klussen/<uuid:code>
    "api:netwerken": API,  # /api/v1/netwerken
    "api:netwerk": API,  # /api/v1/netwerken/<slug:slug>
    "api:organisaties": API,  # /api/v1/organisaties
    "api:organisatie": API,  # /api/v1/organisaties/<slug:slug>
    "api:gedeelde-klussen": API,  # /api/v1/gedeelde-klussen (federation keys)
    "api:gedeelde-klus": API,  # /api/v1/gedeelde-klussen/<uuid:code> (federation keys: PUT, DELETE)
    "api-workspace:keys": LOGIN,  # /netwerken/<slug:slug>/beheer/api-sleutels/
    "api-workspace:key-revoke": LOGIN,  # /netwerken/<slug:slug>/beheer/api-sleutels/<uuid:code>/intrekken/
    "api-workspace:links": LOGIN,  # /netwerken/<slug:slug>/beheer/federatie/
    "api-workspace:link-end": LOGIN,  # /netwerken/<slug:slug>/beheer/federatie/<uuid:code>/beeindigen/
}

# Routes without a name, with the reason they exist (allauth's permanent redirects from old paths).
UNNAMED_ALLOWED: dict[str, str] = {
    "accounts/social/login/cancelled/": "allauth: redirect to socialaccount_login_cancelled",
    "accounts/social/login/error/": "allauth: redirect to socialaccount_login_error",
    "accounts/social/signup/": "allauth: redirect to socialaccount_signup",
    "accounts/social/connections/": "allauth: redirect to socialaccount_connections",
}

# URL parameters that are not typed ids (uuid, int, slug) must be listed with a reason.
UNTYPED_PARAMETERS_ALLOWED: dict[str, str] = {
    "account_confirm_email": "allauth's signed confirmation key",
    "account_reset_password_from_key": "allauth's password reset key",
    "networks:invitation": "random invitation token (only its hash is stored)",
    "networks:invitation-accept": "random invitation token (only its hash is stored)",
    "placements:consent-link": "signed, expiring, single-use consent token",
    "unsubscribe": "signed unsubscribe token (can only switch alerts off)",
    "profiles:shared": "random share-link token chosen by the profile owner",
    "profiles:shared-cv": "random share-link token chosen by the profile owner",
    "profiles:shared-photo": "random share-link token chosen by the profile owner",
}

# The English paths under /assignments/ mirror the Dutch ones under /klussen/.
for _ns in ("assignments", "placements"):
    ROUTES.update({n.replace(f"{_ns}:", f"{_ns}-en:"): k for n, k in list(ROUTES.items()) if n.startswith(f"{_ns}:")})
    UNTYPED_PARAMETERS_ALLOWED.update(
        {
            n.replace(f"{_ns}:", f"{_ns}-en:"): r
            for n, r in list(UNTYPED_PARAMETERS_ALLOWED.items())
            if n.startswith(f"{_ns}:")
        }
    )
