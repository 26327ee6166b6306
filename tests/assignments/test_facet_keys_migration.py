"""The migration that keeps an assignment's engagement forms in its row fills them from the links."""

from __future__ import annotations

import pytest

from tests.migrating import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("assignments", "0011_work_formats")
AFTER = ("assignments", "0012_facet_keys")


def test_it_fills_the_keys_from_the_links_as_the_code_derives_them():
    from assignments import facets

    old = migrate_to(BEFORE)
    Assignment = old.get_model("assignments", "Assignment")
    Form = old.get_model("profiles", "EngagementForm")
    organisation = old.get_model("networks", "Organisation").objects.create(name="Gemeente Oss", slug="mig-oss")
    # A transactional test before this one may have flushed the rows the data migrations made.
    for code in ("secondment", "zpp", "pro-bono", "temporary", "own-hours"):
        Form.objects.get_or_create(code=code)
    forms = list(Form.objects.order_by("pk"))
    links = {"three": forms[4:0:-2] + forms[:1], "one": forms[2:3], "none": []}
    for title, chosen in links.items():
        assignment = Assignment.objects.create(
            title=title, description="Klus", organisation=organisation, compensation="pro-bono",
            audience="public", hours_per_week=8,
        )  # fmt: skip
        assignment.engagement_forms.set(chosen)
    new = migrate_to(AFTER)
    stored = dict(new.get_model("assignments", "Assignment").objects.values_list("title", "facet_keys"))
    expected = {
        title: facets.KEYS.keys_of({facets.ENGAGEMENT: [f.pk for f in chosen]}) for title, chosen in links.items()
    }
    assert stored == expected
    assert stored["none"] == "" and stored["three"].count(" e") == 3
    migrate_to_latest()
