"""Input handling: open redirects, mail-header injection, upload limits and fuzzed forms
(SECURITY-CHECKS B2, B5; issue 9 item 5)."""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from marketplace.lib.emails import render_email
from marketplace.models import Notification
from marketplace.services import notify
from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example", "http://evil.example@x/"]


def _stays_local(location: str) -> bool:
    """Relative, or on our own host (a relative path may well contain "evil.example").

    Browsers read a leading backslash as a slash, so "/\\host" and "\\host" leave the site too.
    """
    parts = urlsplit(location)
    leaves = location.lstrip().startswith(("//", "/\\", "\\"))
    relative = parts.scheme == "" and parts.netloc == ""
    own_host = parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return (relative or own_host) and not leaves


def test_it_recognises_every_outside_target():
    assert not any(_stays_local(target) for target in EVIL)
    assert all(
        _stays_local(target) for target in ["/", "/klussen/?q=evil.example", "evil.example", "http://testserver/"]
    )


# Open redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("target", EVIL)
def test_it_does_not_follow_an_outside_next_after_login(client, member, target):
    response = client.post(f"/accounts/login/?next={target}", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert _stays_local(response["Location"])

    client.logout()
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD, "next": target})
    assert _stays_local(response["Location"])


@pytest.mark.parametrize("target", EVIL)
def test_it_does_not_follow_an_outside_next_on_the_login_page_when_logged_in(client, member, target):
    client.force_login(member)
    response = client.get("/accounts/login/", {"next": target})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert _stays_local(response["Location"])


@pytest.mark.parametrize("target", EVIL)
def test_it_does_not_follow_an_outside_next_after_logout(client, member, target):
    client.force_login(member)
    response = client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert _stays_local(response["Location"])


@pytest.mark.parametrize("target", EVIL)
def test_it_does_not_follow_an_outside_next_on_the_language_switch(client, target):
    response = client.post("/taal/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert _stays_local(response["Location"])


def test_it_follows_a_local_next_on_the_language_switch(client):
    response = client.post("/taal/", {"language": "en", "next": "/klussen/"})
    assert response["Location"] == "/klussen/"


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_it_does_not_redirect_off_site_from_a_notification(client, member, target):
    notification = Notification.objects.create(
        recipient=member, kind="probe", subject="s", body="b", url=target, email_status="none"
    )
    client.force_login(member)
    response = client.post("/meldingen/gelezen/", {"code": str(notification.code)})
    assert response["Location"] == "/meldingen/"


# Mail-header injection --------------------------------------------------------------------------

PROBE_TEMPLATES = {
    "emails/probe-subject.txt": "About {{ title }}",
    "emails/probe-body.txt": "Hello, {{ title }} at {{ url }}",
    "emails/probe-body.html": "<p>Hello, {{ title }}</p>",
}
HOSTILE_TITLE = "Klus\r\nBcc: victim@evil.example\r\nX-Injected: yes\nSubject: spoofed"


@pytest.fixture
def probe_templates(settings):
    """Test-only email templates from memory, in front of the project's own."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", PROBE_TEMPLATES),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def test_it_renders_a_subject_on_one_line(probe_templates):
    rendered = render_email("probe", {"title": HOSTILE_TITLE}, "en")
    assert "\r" not in rendered.subject
    assert "\n" not in rendered.subject


def test_it_cannot_add_headers_through_a_notification_subject(
    probe_templates, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=member, kind="probe", template="probe", context={"title": HOSTILE_TITLE})

    assert len(mail.outbox) == 1
    message = mail.outbox[0].message()
    assert message.get_all("Bcc") is None
    assert message.get_all("X-Injected") is None
    assert len(message.get_all("Subject")) == 1
    assert mail.outbox[0].recipients() == [member.email]
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT


# Upload and request limits ----------------------------------------------------------------------


def test_it_sets_upload_limits():
    from marketplace import settings as project_settings

    assert project_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert project_settings.DATA_UPLOAD_MAX_NUMBER_FILES == 5
    assert project_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert project_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert project_settings.MAX_UPLOAD_BYTES == 5 * 1024 * 1024


def test_it_answers_too_many_fields_with_400(client):
    fields = {f"field{i}": "x" for i in range(1001)}
    response = client.post("/accounts/login/", fields)
    assert response.status_code == 400


def test_it_answers_too_many_files_with_400(client):
    files = {f"file{i}": SimpleUploadedFile(f"cv{i}.pdf", b"%PDF-1.4\n%%EOF") for i in range(6)}
    response = client.post("/accounts/login/", files)
    assert response.status_code == 400


def test_it_answers_a_too_large_form_body_with_400(client):
    body = urlencode({"login": "x" * 2_700_000})
    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


# Fuzzed forms ----------------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "'; DROP TABLE marketplace_user; --",
            "{{ 7*7 }}{% debug %}",
            "a@b.c\r\nBcc: x@evil.example",
            "\x00",
            "ａｄｍｉｎ@ｅｘａｍｐｌｅ.ｃｏｍ",
            "x" * 5000,
            "🙂" * 200,
            "../../etc/passwd",
            "javascript:alert(1)",
        ]
    ),
)
FUZZ = hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _echoed(value: str, content: bytes) -> bool:
    """The typed value comes back in the form (escaped), so nothing is lost."""
    return html.escape(value).encode() in content


@FUZZ
@given(email=HOSTILE, password=HOSTILE)
def test_it_survives_hostile_signups(client, email, password):
    response = client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})
    assert response.status_code in (200, 302)
    if response.status_code == 200 and email.isprintable() and email == email.strip() and "\x00" not in email:
        assert _echoed(email, response.content)


@FUZZ
@given(login_value=HOSTILE, password=HOSTILE)
def test_it_survives_hostile_logins(client, login_value, password):
    response = client.post("/accounts/login/", {"login": login_value, "password": password})
    assert response.status_code == 200
    if login_value.isprintable() and login_value == login_value.strip() and "\x00" not in login_value:
        assert _echoed(login_value, response.content)


@FUZZ
@given(language=HOSTILE, next_url=HOSTILE)
def test_it_survives_a_hostile_language_switch(client, language, next_url):
    response = client.post("/taal/", {"language": language, "next": next_url})
    assert response.status_code in (302, 204)
    if response.status_code == 302:
        assert _stays_local(response["Location"])


@FUZZ
@given(query=HOSTILE)
def test_it_survives_hostile_query_strings_on_the_login_page(client, query):
    response = client.get("/accounts/login/", {"next": query, "q": query})
    assert response.status_code == 200
