"""AVG: download my data, and delete my account so that nothing about the person remains."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from assignments.models import Assignment
from marketplace.models import AuditEntry, Notification, User
from networks.models import Membership
from profiles.models import PortfolioEntry, Profile
from tests import factories
from tests.profiles.factories import PDF, ExperienceFactory, ShareLinkFactory, image_bytes

pytestmark = pytest.mark.django_db

NAME = "Zoë Uniektestpersoon"
EMAIL = "zoe.uniektest@tilburg.nl"
PHONE = "06-55554444"


PASSWORD = "correct-horse-battery"  # The test factories' password.


def reauthenticate(client) -> None:
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


@pytest.fixture
def person(organisation, network):
    user = factories.employee(organisation, user__email=EMAIL, user__full_name=NAME)
    factories.MembershipFactory(user=user, network=network, motivation=f"Ik ben {NAME}")
    return user


@pytest.fixture
def rich_profile(client, person, other_organisation):
    """A profile with everything filled in, entered through the real form, plus traces elsewhere."""
    client.force_login(person)
    reauthenticate(client)
    data = {
        "display_name": NAME,
        "headline": f"{NAME}, beleidsadviseur",
        "bio": f"Bel {PHONE} of mail {EMAIL}.",
        "expertise_text": "omgevingswet",
        "visibility": "2",
        "contact_visibility": "1",
        "contact_email": EMAIL,
        "phone": PHONE,
        "linkedin_url": "https://www.linkedin.com/in/zoe-uniektestpersoon",
        "cv_file": SimpleUploadedFile("cv.pdf", PDF),
        "photo_file": SimpleUploadedFile("me.png", image_bytes("PNG", (100, 100))),
    }
    assert client.post("/professionals/mijn-profiel/", data).status_code == 302
    profile = Profile.objects.get(user=person)
    ExperienceFactory(profile=profile, description=f"Contact: {PHONE}")
    ShareLinkFactory(profile=profile, label="Pieter")
    PortfolioEntry.objects.create(profile=profile, title="Klus", organisation_name="Breda", reference_by="Pieter")
    # Traces others keep: a reference this person wrote, an assignment they posted, a notification about them.
    colleague = factories.ProfileFactory(user=factories.employee(other_organisation))
    PortfolioEntry.objects.create(
        profile=colleague, title="Samen", organisation_name="Tilburg", reference_by=NAME, reference_text="Prima werk."
    )
    factories.AssignmentFactory(
        organisation=person.employment.organisation, posted_by=person, contact_name=NAME, contact_email=EMAIL
    )
    for recipient in (colleague.user, person):
        Notification.objects.create(
            recipient=recipient, kind="test", subject=f"{NAME} reageerde", body=f"{NAME}: {EMAIL}"
        )
    return profile


def test_it_requires_reauthentication_to_export(client, person):
    client.force_login(person)
    response = client.post("/professionals/mijn-profiel/mijn-gegevens/")
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]


def test_it_exports_everything_about_the_person_and_nobody_else(client, rich_profile, person, outsider):
    factories.ProfileFactory(user=outsider, display_name="Iemand Anders", phone="06-00000001")
    response = client.post("/professionals/mijn-profiel/mijn-gegevens/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["cv.pdf", "data.json", "photo.jpg"]
    assert archive.read("cv.pdf") == PDF
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == EMAIL
    assert "password" not in data["account"]
    assert data["profile"]["phone"] == PHONE
    assert data["profile"]["expertise"] == ["omgevingswet"]
    assert data["profile"]["experience"][0]["description"] == f"Contact: {PHONE}"
    assert data["memberships"][0]["network"] == "ZPP Brabant"
    assert [a["title"] for a in data["assignments"]] == [Assignment.objects.get().title]
    assert [n["subject"] for n in data["notifications"]]
    assert "token" not in data["profile"]["share_links"][0]
    text = archive.read("data.json").decode()
    assert "Iemand Anders" not in text and "06-00000001" not in text and "outsider@breda.nl" not in text
    assert AuditEntry.objects.filter(action="profiles.account.exported", actor=person).exists()
    # Every section the registry promises ("exported (name)") is in the export, or a file in the ZIP.
    from marketplace import privacy

    descriptions = [*privacy.relations().values(), *privacy.personal_fields().values()]
    promised = {m.group(1).replace(" ", "_") for d in descriptions if (m := re.search(r"\bexported \(([\w ]+)", d))}
    found = set(data) | set(data["profile"]) | {name.split(".")[0] for name in archive.namelist()}
    assert len(promised) > 10 and promised <= found, promised - found


def test_it_requires_reauthentication_to_delete(client, person):
    factories.ProfileFactory(user=person)
    client.force_login(person)
    response = client.post("/professionals/mijn-profiel/account-verwijderen/", {"confirm": "yes"})
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert User.objects.filter(pk=person.pk).exists()


def test_it_asks_for_confirmation_before_deleting(client, person):
    client.force_login(person)
    reauthenticate(client)
    assert client.post("/professionals/mijn-profiel/account-verwijderen/").status_code == 400
    assert User.objects.filter(pk=person.pk).exists()


def _text_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]


def remaining_traces(needles):
    """Every row of every table whose text (or JSON) still holds one of the needles."""
    found = []
    for model in apps.get_models():
        for field in _text_fields(model):
            for needle in needles:
                if model._default_manager.filter(**{f"{field.name}__icontains": needle}).exists():
                    found.append((model._meta.label, field.name, needle))
        for field in [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]:
            for value in model._default_manager.values_list(field.name, flat=True):
                found += [(model._meta.label, field.name, n) for n in needles if n.lower() in json.dumps(value).lower()]
    return found


def test_it_deletes_the_account_and_leaves_no_trace(client, rich_profile, person, private_media):
    files = [private_media / rich_profile.cv.name, private_media / rich_profile.photo.name]
    assert all(f.exists() for f in files)
    assert remaining_traces([NAME, EMAIL, PHONE])  # The search can find them before the deletion.
    response = client.post("/professionals/mijn-profiel/account-verwijderen/", {"confirm": "yes"})
    assert response.status_code == 302
    assert remaining_traces([NAME, EMAIL, PHONE, "zoe-uniektestpersoon", "zoe.uniektest"]) == []
    assert not any(f.exists() for f in files)
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Profile.objects.filter(pk=rich_profile.pk).exists()
    assert not Membership.objects.filter(user_id=person.pk).exists()
    # What others keep stays, anonymised.
    kept = PortfolioEntry.objects.get(title="Samen")
    assert kept.reference_text == "Prima werk." and kept.reference_by
    assert Assignment.objects.filter(posted_by__isnull=True).count() == 1
    assert Notification.objects.count() == 1
    # The old session no longer logs anyone in.
    assert client.get("/professionals/mijn-profiel/").status_code == 302


def test_it_knows_what_to_do_with_every_relation_to_an_account():
    from django.conf import settings

    from marketplace import privacy

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    relations = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is user_model
    }
    assert relations == set(privacy.relations())


def test_every_text_or_file_field_is_classified_as_personal_or_not():
    """A new field that may hold personal data must be registered (and handled) before it lands."""
    from marketplace import privacy

    PERSONAL_FIELDS, NOT_PERSONAL_FIELDS = privacy.personal_fields(), privacy.not_personal_fields()
    kinds = (models.CharField, models.TextField, models.FileField, models.JSONField, models.GenericIPAddressField)
    fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label
        in {"marketplace", "networks", "profiles", "assignments", "matching", "placements", "api"}
        for field in model._meta.concrete_fields
        if isinstance(field, kinds) and not field.choices
    }

    # Other fields that say something about a person (discreet mode and whom it hides from) may be
    # registered too; every registered name must exist.
    existing = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
    }

    assert fields - set(PERSONAL_FIELDS) - NOT_PERSONAL_FIELDS == set(), "classify these in their app's personal_data"
    assert set(PERSONAL_FIELDS) & NOT_PERSONAL_FIELDS == set()
    assert (set(PERSONAL_FIELDS) | NOT_PERSONAL_FIELDS) - existing == set(), "remove fields that no longer exist"


def test_each_app_registers_and_classifies_only_its_own_models():
    """The registry has one part per domain app, and no app speaks for another's fields."""
    from marketplace import privacy

    parts = {part.app_label: part for part in privacy.parts()}
    assert set(parts) == {"marketplace", "networks", "profiles", "assignments", "matching", "placements", "api"}
    for label, part in parts.items():
        named = {*part.personal_fields, *part.not_personal_fields}
        assert {name.split(".")[0] for name in named} <= {label}, label
        assert part.export is not None, label


def test_no_route_puts_personal_data_in_a_url():
    """URLs carry codes, slugs and tokens, never an email address, a name or a phone number."""
    import re

    from tests.security.test_route_inventory import site_routes

    personal = re.compile(r"<(?:\w+:)?(email|name|phone|full_name|address)>")
    assert [route for route, _, _ in site_routes() if personal.search(route)] == []


def test_a_failing_email_queue_logs_no_address(caplog, monkeypatch):
    """The one place that logs about a person's email logs the notification's number only."""
    from marketplace import services
    from marketplace.tasks import send_notification_email_task

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(send_notification_email_task, "delay", refuse)
    user = factories.UserFactory(email=EMAIL, full_name=NAME)
    notification = Notification.objects.create(recipient=user, kind="test", subject=f"Aan {NAME}", body=EMAIL)

    with caplog.at_level("DEBUG"):
        services.notification_dispatch(notification_id=notification.pk)

    assert caplog.records
    assert EMAIL not in caplog.text and NAME not in caplog.text


def test_the_single_sign_on_link_is_exported_and_erased(person):
    from allauth.socialaccount.models import SocialAccount

    from profiles.privacy import account_delete, account_export_data

    SocialAccount.objects.create(
        user=person, provider="tilburg", uid="oid-123", extra_data={"id_token": {"amr": ["mfa"]}}
    )

    exported = account_export_data(person)["single_sign_on"]
    account_delete(user=person)

    assert exported == [
        {
            "provider": "tilburg",
            "uid": "oid-123",
            "last_login": exported[0]["last_login"],
            "date_joined": exported[0]["date_joined"],
            "extra_data": {"id_token": {"amr": ["mfa"]}},
        }
    ]
    assert not SocialAccount.objects.exists()
