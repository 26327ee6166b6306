"""Saved searches the /klussen/ form now refuses in part: hours a week outside 0–168, a range the wrong way round.

The form used to accept "at least -5 hours" and "from 20 to 10 hours" (or a period ending before
it starts); it now says so next to the field and leaves that filter out, and a search saved from
now on is stored without it (``matching.saved_searches.normalised_query``). A search saved before
is brought to the same form here, so that the alerts (``SavedSearchMatcher``) and the list agree
on it. The rule is written out as it stands today, as a migration must; the test holds it to the
normaliser.
"""

from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode

from django.db import migrations

HOURS = ("hours_min", "hours_max")
RANGES = (("hours_min", "hours_max"), ("available_from", "available_until"))


def _hours(value):
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def within_bounds(query):
    """``query`` without the values the form refuses now (each parameter once, as saved queries are)."""
    pairs = parse_qsl(query, keep_blank_values=False)
    last = dict(pairs)
    drop = set()
    for name in HOURS:
        if name in last:
            number = _hours(last[name])
            if number is None or not 0 <= number <= 168:
                drop.add(name)
    for low, high in RANGES:
        if low in last and high in last and low not in drop and high not in drop:
            if low in HOURS:
                wrong = _hours(last[high]) < _hours(last[low])
            else:  # ISO dates, as the normaliser stores them, compare as text
                wrong = last[high] < last[low]
            if wrong:
                drop.add(high)
    if not drop:
        return query
    return urlencode([(name, value) for name, value in pairs if name not in drop])


def forwards(apps, schema_editor):
    SavedSearch = apps.get_model("matching", "SavedSearch")
    candidates = SavedSearch.objects.filter(query__regex=r"(^|&)(hours_min|hours_max|available_until)=")
    for saved in candidates.only("pk", "query").iterator(chunk_size=2_000):
        query = within_bounds(saved.query)
        if query != saved.query:
            SavedSearch.objects.filter(pk=saved.pk).update(query=query)


class Migration(migrations.Migration):
    dependencies = [("matching", "0005_constraint_words")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
