"""allauth's ``openid_connect`` provider, closed to the NL GOV Assurance profile for OIDC.

Through allauth's extension points only (``SOCIALACCOUNT_PROVIDERS["openid_connect"]
["provider_class"]`` points here; allauth then loads this package's ``urls``):

- PKCE with S256 on every request, whatever the settings say;
- a fresh ``nonce`` on every request, kept in allauth's stashed state and compared with the ID
  token's in ``SocialAccountAdapter.pre_social_login``;
- the ID token always verified here (signature against the provider's JWKS, issuer, audience,
  expiry, ``alg`` not ``none``), also when it came straight from the token endpoint (allauth skips
  the signature then), and the userinfo ``sub`` must equal the ID token's;
- ``private_key_jwt`` client authentication (RFC 7523) for providers that require it.

The state parameter (256 bits) is made by ``SocialAccountAdapter.generate_state_param``.
"""

from __future__ import annotations

import base64
import re
import secrets
import time
import uuid
from typing import Any

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.http import HttpRequest

# Asymmetric algorithms only: an HMAC "signature" keyed with the client secret proves nothing
# about the provider, and "none" proves nothing at all.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
CLOCK_SKEW_SECONDS = 60
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
PEM_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.+?-----END [A-Z ]*PRIVATE KEY-----", re.S)
PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def assertion_headers(pem: str, key_id: str) -> dict[str, str]:
    """``kid`` as configured; with the key's certificate in the same PEM also ``x5t``/``x5t#S256``.

    Microsoft Entra ID finds an uploaded certificate credential by its thumbprint, not by a kid.
    """
    headers = {"kid": key_id} if key_id else {}
    block = PEM_CERTIFICATE.search(pem)
    if block:
        certificate = x509.load_pem_x509_certificate(block.group().encode())
        for name, algorithm in (("x5t", hashes.SHA1()), ("x5t#S256", hashes.SHA256())):  # noqa: S303 - a name, not a MAC
            headers[name] = base64.urlsafe_b64encode(certificate.fingerprint(algorithm)).rstrip(b"=").decode()
    return headers


class PrivateKeyJWTClient(OAuth2Client):
    """Authenticates at the token endpoint with a signed JWT instead of a shared secret."""

    def __init__(self, *args: Any, private_key: str, key_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.private_key = private_key
        self.key_id = key_id

    def client_assertion(self) -> str:
        now = int(time.time())
        claims = {
            "iss": self.consumer_key,
            "sub": self.consumer_key,
            "aud": self.access_token_url,
            "jti": uuid.uuid4().hex,
            "iat": now,
            "exp": now + 60,
        }
        key = PEM_PRIVATE_KEY.search(self.private_key)  # the PEM may hold the certificate too, in any order
        if key is None:
            raise OAuth2Error("private_key_jwt: the configured PEM holds no private key")
        return jwt.encode(
            claims, key.group(), algorithm="RS256", headers=assertion_headers(self.private_key, self.key_id)
        )

    def get_access_token(self, code: str, pkce_code_verifier: str | None = None, extra_data: dict | None = None) -> Any:
        extra = {"client_assertion_type": CLIENT_ASSERTION_TYPE, "client_assertion": self.client_assertion()}
        extra.update(extra_data or {})
        # The secret is empty, and allauth leaves empty parameters out of the request.
        return super().get_access_token(code, pkce_code_verifier=pkce_code_verifier, extra_data=extra)


class NLGovOIDCAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def basic_auth(self) -> bool:
        return self.get_provider().app.settings.get("token_auth_method") == "client_secret_basic"

    def get_client(self, request: HttpRequest, app: Any) -> OAuth2Client:
        if app.settings.get("token_auth_method") != "private_key_jwt":
            return super().get_client(request, app)
        return PrivateKeyJWTClient(
            self.request,
            app.client_id,
            "",
            self.access_token_method,
            self.access_token_url,
            self.get_callback_url(request, app),
            scope_delimiter=self.scope_delimiter,
            headers=self.headers,
            basic_auth=False,
            private_key=app.settings["private_key"],
            key_id=app.settings.get("key_id", ""),
        )

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("the token response holds no ID token")
        data: dict[str, Any] = {"id_token": self.verify_id_token(app, id_token)}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self.fetch_userinfo(token.token)
            if userinfo.get("sub") != data["id_token"]["sub"]:
                raise OAuth2Error("userinfo is about someone else than the ID token")
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)

    def fetch_userinfo(self, access_token: str) -> dict:
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
            return response.json()

    def verify_id_token(self, app: Any, id_token: str) -> dict:
        """Signature, issuer, audience, expiry and issue time of the ID token, always."""
        config = self.openid_config
        if config.get("issuer") != app.settings["issuer"]:
            raise OAuth2Error("the discovery document names another issuer")
        try:
            header = jwt.get_unverified_header(id_token)
            if header.get("alg") not in ID_TOKEN_ALGORITHMS:
                raise OAuth2Error(f"ID token algorithm {header.get('alg')!r} is not accepted")
            with get_adapter().get_requests_session() as session:
                response = session.get(config["jwks_uri"])
                response.raise_for_status()
                keys = jwt.PyJWKSet.from_dict(response.json()).keys
            kid = header.get("kid")
            candidates = [k for k in keys if kid is None or k.key_id == kid]
            if not candidates:
                raise OAuth2Error("the ID token is signed with a key the provider does not publish")
            claims = jwt.decode(
                id_token,
                candidates[0],
                algorithms=ID_TOKEN_ALGORITHMS,
                audience=app.client_id,
                issuer=config["issuer"],
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except (jwt.PyJWTError, ValueError, KeyError) as exc:
            raise OAuth2Error(f"invalid ID token: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != app.client_id:
            raise OAuth2Error("ID token for several audiences without us as the authorised party")
        return claims


class NLGovOIDCProvider(OpenIDConnectProvider):
    # allauth builds the login and callback URLs from this package's urls module.
    package = "networks.sso"
    oauth2_adapter_class = NLGovOIDCAdapter

    def get_pkce_params(self) -> dict:
        return generate_code_challenge()  # S256, always: the profile requires it of every client

    def redirect(
        self, request: HttpRequest, process: Any, next_url: str | None = None, data: Any = None, **kwargs: Any
    ):
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        nonce = secrets.token_urlsafe(32)
        auth_params["nonce"] = nonce  # last, so no ?auth_params=nonce=... from the request wins
        # Extra keyword arguments are stashed with allauth's state (next to the PKCE verifier).
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)
