"""Looks and words: one date format (Dutch month names in Dutch), one empty choice, "je", translated names."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tests import factories

BASE = Path(settings.BASE_DIR)
# Named formats follow the language; "c" and "Y" are machine values or years; "b" labels chart bars;
# the introduction's weekday-and-time line spells the month in full ("F").
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT", "c", "Y", "b", "l j F Y H:i"}
DATE_FILTER = re.compile(r"""\|date:["']([^"']*)["']""")


def test_every_template_formats_dates_by_a_named_format():
    offenders = []
    for path in (BASE / "templates").rglob("*"):
        if path.suffix in {".html", ".txt"}:
            for fmt in DATE_FILTER.findall(path.read_text()):
                if fmt not in ALLOWED:
                    offenders.append(f"{path.relative_to(BASE)}: {fmt}")
    assert not offenders, "use DATE_FORMAT / DATETIME_FORMAT, not a literal format:\n" + "\n".join(offenders)


def test_the_named_format_spells_dutch_months_in_full():
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    with translation.override("nl"):
        assert template.render(Context({"day": date(2027, 1, 2)})) == "2 januari 2027"
    with translation.override("en"):
        assert template.render(Context({"day": date(2027, 1, 2)})) == "Jan. 2, 2027"


@pytest.mark.django_db
def test_the_assignment_list_shows_dutch_month_names(client):
    factories.AssignmentFactory(
        title="Adviseur warmtetransitie", start_date=date(2027, 3, 1), end_date=date(2027, 6, 30)
    )
    text = client.get("/klussen/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "1 maart 2027 – 30 juni 2027" in text
    assert "Mrt" not in text and "Jun 2027" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/klussen/", "/professionals/"])
def test_the_filter_lists_name_their_empty_choice_alle(client, path):
    text = client.get(path, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "---------" not in text
    assert '<option value="" selected>Alle</option>' in text
