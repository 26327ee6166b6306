"""The engagement forms in the assignment's row (assignments.facets, issue 17): every change of an
assignment's engagement forms keeps ``facet_keys`` equal to the links in the same transaction, the
nightly check repairs drift, the bulk rebuild writes what the links derive, and /klussen/'s filter
finds what the links say.

Each write test asserts the keys changed (so it fails without the receivers) and ``current()``:
the stored keys of every assignment are what the links derive.
"""

from __future__ import annotations

import random

import pytest

from assignments import facets, services
from assignments.filters import AssignmentFilter
from assignments.models import Assignment
from assignments.tasks import assignments_facet_keys_check_task
from marketplace.celery import app
from marketplace.lib import row_keys
from networks.models import Region
from profiles import facets as profile_facets
from profiles.models import EngagementForm, Profile
from profiles.services import profile_save
from tests import factories
from tests.assignments.conftest import make_assignment

pytestmark = pytest.mark.django_db


def current() -> None:
    ids = list(Assignment.objects.values_list("pk", flat=True))
    assert dict(Assignment.objects.values_list("pk", "facet_keys")) == facets.derive(ids)


def keys(assignment: Assignment) -> str:
    return Assignment.objects.values_list("facet_keys", flat=True).get(pk=assignment.pk)


def e(*forms: EngagementForm) -> str:
    return facets.KEYS.keys_of({facets.ENGAGEMENT: [form.pk for form in forms]})


@pytest.fixture
def forms():
    return {form.code: form for form in EngagementForm.objects.all()}


def test_the_keys_are_the_sorted_form_ids_between_spaces(forms):
    assert facets.KEYS.keys_of({"e": [5, 2, 2]}) == " e2 e5 "
    assert facets.KEYS.keys_of({}) == ""


def test_adding_removing_setting_and_clearing_keep_the_keys(cast, forms):
    assignment = make_assignment(cast, "public", engagement_forms=["zpp"])
    assert keys(assignment) == e(forms["zpp"])
    assignment.engagement_forms.add(forms["secondment"])
    assert keys(assignment) == e(forms["secondment"], forms["zpp"])
    assignment.engagement_forms.remove(forms["zpp"])
    assert keys(assignment) == e(forms["secondment"])
    assignment.engagement_forms.set([forms["pro-bono"], forms["own-hours"]])
    assert keys(assignment) == e(forms["pro-bono"], forms["own-hours"])
    assignment.engagement_forms.clear()
    assert keys(assignment) == ""
    current()


def test_links_changed_from_the_forms_side_keep_the_keys(cast, forms):
    one = make_assignment(cast, "public", engagement_forms=["zpp"])
    two = make_assignment(cast, "platform", engagement_forms=["zpp"])
    forms["temporary"].assignment_set.add(one, two)
    assert keys(two) == e(forms["zpp"], forms["temporary"])
    forms["temporary"].assignment_set.remove(two)
    assert keys(two) == e(forms["zpp"])
    forms["zpp"].assignment_set.clear()
    assert keys(one) == e(forms["temporary"]) and keys(two) == ""
    current()


def test_a_deleted_form_leaves_no_key(cast, forms):
    assignment = make_assignment(cast, "public", engagement_forms=["zpp", "temporary"])
    forms["temporary"].delete()
    assert keys(assignment) == e(forms["zpp"])
    current()


def test_posting_editing_and_copying_keep_the_keys(cast, forms):
    from tests.assignments.test_posting_services import _data

    created = services.assignment_create(actor=cast.poster, data=_data(engagement_forms=[forms["zpp"]]))
    assert keys(created) == e(forms["zpp"])
    services.assignment_update(
        assignment=created, actor=cast.poster, data={"engagement_forms": [forms["pro-bono"], forms["secondment"]]}
    )
    assert keys(created) == e(forms["secondment"], forms["pro-bono"])
    copy = services.assignment_duplicate(assignment=created, actor=cast.poster)
    assert keys(copy) == keys(created)
    current()


def test_a_set_refreshes_the_keys_once_in_a_batch(cast, forms, monkeypatch):
    """``set()`` is a removal and an addition; a profile save sets two keyed links: one refresh."""
    calls: list[list[int]] = []
    derive = row_keys.RowKeys.derive
    monkeypatch.setattr(row_keys.RowKeys, "derive", lambda self, ids: calls.append(list(ids)) or derive(self, ids))
    profile = factories.ProfileFactory()
    profile.engagement_forms.add(forms["zpp"])
    region = Region.objects.order_by("pk").first()
    calls.clear()
    profile_save(
        user=profile.user,
        data={"engagement_forms": [forms["secondment"]], "regions": [region]},
        expertise=[],
    )
    assert calls == [[profile.pk]]
    assert Profile.objects.get(pk=profile.pk).facet_keys == profile_facets.keys_of(
        [forms["secondment"].pk], [region.pk]
    )
    # Without the batch, the same set() refreshes after its removal and after its addition.
    calls.clear()
    profile.engagement_forms.set([forms["zpp"]])
    assert calls == [[profile.pk], [profile.pk]]


def test_a_failed_batch_refreshes_nothing_and_leaves_no_batch_behind(cast, forms):
    assignment = make_assignment(cast, "public", engagement_forms=["zpp"])
    with pytest.raises(RuntimeError), row_keys.batch():
        assignment.engagement_forms.add(forms["secondment"])
        raise RuntimeError
    assert keys(assignment) == e(forms["zpp"])  # the transaction would roll the link back too
    assignment.engagement_forms.remove(forms["secondment"])
    assert keys(assignment) == e(forms["zpp"])  # refreshed at once again: no batch left open
    current()


def test_the_nightly_check_reports_and_repairs_drift(cast, forms):
    one = make_assignment(cast, "public", engagement_forms=["zpp"])
    two = make_assignment(cast, "platform", engagement_forms=["zpp"])
    # Writes that bypassed the receivers (as a COPY does): a link without its key, a key without a link.
    through = Assignment.engagement_forms.through
    through.objects.bulk_create([through(assignment_id=two.pk, engagementform_id=forms["own-hours"].pk)])
    Assignment.objects.filter(pk=one.pk).update(facet_keys=" e999 ")
    assert facets.repair(dry_run=True) == 2
    assert keys(one) == " e999 "
    assert assignments_facet_keys_check_task() == 2
    current()
    assert assignments_facet_keys_check_task() == 0
    entry = app.conf.beat_schedule["assignments-facet-keys-check"]
    assert entry["task"] == assignments_facet_keys_check_task.name


def test_the_bulk_rebuild_writes_what_the_links_derive(cast, forms):
    rng = random.Random(12)
    through = Assignment.engagement_forms.through
    for n in range(10):
        assignment = make_assignment(cast, "public", title=f"Klus {n}")
        through.objects.filter(assignment_id=assignment.pk).delete()  # bypassing the receivers
        chosen = rng.sample(list(forms.values()), rng.randint(0, 3))
        through.objects.bulk_create([through(assignment_id=assignment.pk, engagementform_id=f.pk) for f in chosen])
    assert facets.rebuild() >= 1
    current()
    # On PostgreSQL the SQL of the rebuild reads the link table; everywhere a second run changes nothing.
    assert Assignment.engagement_forms.through._meta.db_table in facets.KEYS.rebuild_sql()
    assert facets.rebuild() == 0


def test_the_filter_finds_what_the_links_say(cast, forms):
    """Over random assignments: each choice of forms gives the open assignments linked to any of them."""
    rng = random.Random(5)
    for n in range(14):
        make_assignment(cast, "public", title=f"Klus {n}").engagement_forms.set(
            rng.sample(list(forms.values()), rng.randint(0, 3))
        )
    base = Assignment.objects.visible_to(cast.member).open()
    for _ in range(8):
        chosen = rng.sample(list(forms), rng.randint(1, 3))
        found = list(AssignmentFilter({"engagement_form": chosen}, queryset=base).qs.values_list("pk", flat=True))
        expected = set(base.filter(engagement_forms__code__in=chosen).values_list("pk", flat=True))
        assert sorted(found) == sorted(expected)  # each once


@pytest.mark.parametrize("data", [{"sort": "deadline"}, {"q": ""}, {"engagement_form": []}, {"page": "2"}])
def test_a_search_without_a_chosen_form_leaves_every_assignment_in(cast, assignments, data):
    """No form chosen reaches the method as an empty queryset; it must not mean "none of them"."""
    base = Assignment.objects.visible_to(cast.member).open()
    assert base.exists()
    assert set(AssignmentFilter(data, queryset=base).qs) == set(base)
