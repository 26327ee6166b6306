from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from networks.models import Employment, Membership, Network, Organisation

pytestmark = pytest.mark.django_db

VOLATILE = {"updated_at", "last_login", "last_active_at"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every project model, minus columns that only record when a row was touched."""
    data = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"marketplace", "networks", "profiles", "assignments", "account"}:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE]
        data[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return data


def test_it_loads_the_real_organisations_and_networks():
    call_command("seed_demo", stdout=io.StringIO())

    assert Organisation.objects.filter(kind="provincie").count() == 12
    assert Network.objects.get(slug="zpp-brabant").organisations.count() == 16
    assert Network.objects.get(slug="werken-in-het-westen").organisations.count() == 22
    assert Organisation.objects.get(domains__domain="tilburg.nl").name == "Gemeente Tilburg"


def test_it_links_demo_accounts_to_their_employers():
    call_command("seed_demo", stdout=io.StringIO())

    assert Employment.objects.get(user__email="sanne.demo@tilburg.nl").organisation.slug == "gemeente-tilburg"
    assert not Employment.objects.filter(user__email="kim.demo@example.com").exists()
    assert Membership.objects.filter(
        user__email="bram.demo@brabant.nl", network__slug="zpp-brabant", role="coordinator", status="active"
    ).exists()


def test_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    before = snapshot()

    call_command("seed_demo", stdout=io.StringIO())

    assert snapshot() == before


def test_it_prints_the_logins(capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "sanne.demo@tilburg.nl" in out
    assert "klusmarkt-demo-2026" in out


def test_its_coordinators_and_opdrachtgevers_can_sign_in_with_the_demo_code():
    """They must use two factors: the demo gives them an authenticator with a published secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from marketplace.middleware import mfa_required
    from marketplace.models import User

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())  # still one authenticator each
    code = io.StringIO()
    call_command("demo_code", stdout=code)

    coordinator = User.objects.get(email="bram.demo@brabant.nl")
    client = User.objects.get(email="pieter.demo@eindhoven.nl")
    professional = User.objects.get(email="sanne.demo@tilburg.nl")
    assert mfa_required(coordinator) and mfa_required(client)
    for user in (coordinator, client):
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert TOTP(authenticator).validate_code(code.getvalue().strip())
        assert user.email in out.getvalue()
    assert not Authenticator.objects.filter(user=professional).exists()
