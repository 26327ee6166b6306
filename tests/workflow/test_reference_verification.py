"""A reference on the portfolio is verifiable: an Ed25519 signature anyone can check with the public key."""

from __future__ import annotations

import base64
import html
import re

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from placements.models import Reference
from placements.services import reference_accept, reference_give
from placements.verification import signed_text, verify

pytestmark = pytest.mark.django_db

TEXT = "Zeer betrokken en snel ingewerkt.\nEen aanrader."


@pytest.fixture
def reference(completed, owner):
    return reference_give(placement=completed, actor=owner, text=TEXT, rating=5)


def page(client, reference, **params):
    return client.get(f"/klussen/referenties/{reference.code}/", params).content.decode()


def test_a_given_reference_is_signed_and_verifies(client, reference):
    assert reference.signature
    assert verify(reference).valid
    assert 'data-verification="valid"' in page(client, reference)


def test_a_changed_reference_text_fails_verification(client, reference):
    Reference.objects.filter(pk=reference.pk).update(text="Zeer betrokken en snel ingewerkt.\nEen absolute aanrader.")
    reference.refresh_from_db()
    assert not verify(reference).valid
    content = page(client, reference)
    assert 'data-verification="invalid"' in content and 'data-verification="valid"' not in content
    Reference.objects.filter(pk=reference.pk).update(text=TEXT, rating=4)  # the rating is signed too
    reference.refresh_from_db()
    assert not verify(reference).valid


def test_a_copy_someone_received_is_checked_against_the_signature(client, reference):
    assert 'data-check="valid"' in page(client, reference, text=TEXT)
    assert 'data-check="valid"' in page(client, reference, text=TEXT.replace("\n", "\r\n") + "\n")
    assert 'data-check="invalid"' in page(client, reference, text=TEXT.replace("Zeer", "Niet"))


def test_a_third_party_checks_it_with_the_public_key_alone(client, reference):
    key = load_pem_public_key(client.get("/klussen/referenties/publieke-sleutel/").content)
    blocks = [
        html.unescape(b) for b in re.findall(r'<pre class="signed-text">(.*?)</pre>', page(client, reference), re.S)
    ]
    text, signature, pem = blocks
    assert pem.strip() == client.get("/klussen/referenties/publieke-sleutel/").content.decode().strip()
    assert text == signed_text(reference) and TEXT in text
    key.verify(base64.b64decode(signature), text.encode())  # raises InvalidSignature when it does not match
    with pytest.raises(InvalidSignature):
        key.verify(base64.b64decode(signature), text.replace("aanrader", "topper").encode())


def test_it_still_verifies_after_the_secret_key_is_rotated(reference, settings):
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-that-is-long-enough-0123456789"
    assert verify(reference).valid


def test_the_portfolio_links_to_the_verification(client, reference, professional):
    reference_accept(reference=reference, actor=professional)
    profile_page = client.get(f"/professionals/{professional.profile.code}/").content.decode()
    link = f"/klussen/referenties/portfolio/{reference.placement.code}/"
    assert f'href="{link}"' in profile_page
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == f"/klussen/referenties/{reference.code}/"
    assert client.get("/klussen/referenties/portfolio/00000000-0000-0000-0000-000000000000/").status_code == 404
