"""Every page speaks Dutch and English, and the committed catalogues are complete and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(Path(settings.BASE_DIR).glob("locale*/*/LC_MESSAGES/django.po"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [("nl", "Inloggen", "Log in"), ("en", "Log in", "Inloggen")],
)
def test_it_renders_the_home_page_in_each_language(client, language, expected, unexpected):
    response = client.get("/", headers={"accept-language": language})

    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert expected in html
    assert unexpected not in html


@pytest.mark.django_db
def test_dutch_is_the_default_language(client, settings):
    settings.LANGUAGE_CODE = "nl"

    response = client.get("/")

    assert '<html lang="nl"' in response.content.decode()
    assert "Inloggen" in response.content.decode()


@pytest.mark.django_db
def test_it_switches_language_and_stays_on_the_page(client):
    response = client.post("/taal/", {"language": "en", "next": "/netwerken/"})

    assert response.status_code == 302
    assert response["Location"] == "/netwerken/"
    assert client.get("/netwerken/").content.decode().count('<html lang="en"') == 1


def test_there_is_a_dutch_catalogue():
    assert LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: "/".join(p.parts[-4:-2]))
def test_every_entry_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))

    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: "/".join(p.parts[-4:-2]))
def test_the_compiled_catalogue_matches_its_source(po_path):
    """Fails when a .po was edited without compiling it (its .mo says something else)."""
    catalogue = polib.pofile(str(po_path))
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                key = (f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid, int(index))
                assert compiled._catalog.get(key) == text, entry.msgid
        else:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            assert compiled._catalog.get(key) == entry.msgstr, entry.msgid


@pytest.mark.django_db
def test_djangos_own_messages_are_dutch_too(client):
    data = {"email": "kort@example.com", "password1": "Kort-wacht1", "password2": "Kort-wacht1"}

    response = client.post("/accounts/signup/", data, headers={"accept-language": "nl"})

    assert "Dit wachtwoord is te kort" in response.content.decode()


def test_the_workflow_history_speaks_dutch():
    """Strings marked through an alias makemessages does not know were never extracted (they were)."""
    from django.utils import translation

    from placements.selectors import HISTORY_LABELS, STATE_LABELS

    labels = [*HISTORY_LABELS.values(), *STATE_LABELS.values()]
    with translation.override("en"):
        english = [str(label) for label in labels]
    with translation.override("nl"):
        dutch = [str(label) for label in labels]
    assert [en for en, nl in zip(english, dutch, strict=True) if en == nl] == []
