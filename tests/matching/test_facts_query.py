"""The facts query: one statement compiled once, its rows read with a plain cursor, the same facts.

The oracle is the implementation it replaced (a ``UNION ALL`` through the ORM iterator, one row
per lexeme), kept here verbatim with the text helpers it used.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from assignments.models import Assignment
from marketplace.lib import queries
from marketplace.lib.queries import tagged, union_all
from marketplace.lib.search import is_postgres
from matching import facts as facts_module
from matching import text
from matching.facts import PROFILE_TEXT, _profile_text, assignment_facts_many, profile_facts
from matching.models import MatchFeedback
from matching.scoring import AssignmentFacts, ProfileFacts
from networks.selectors import viewer_for
from profiles.formats import WorkFormat
from tests import factories
from tests.matching import factories as mf

pytestmark = pytest.mark.django_db


# --- The replaced implementation (the oracle) -----------------------------------------------------


class _OldLexemes(Func):
    function = ""
    template = "unnest(ARRAY(SELECT unnest(tsvector_to_array(to_tsvector('dutch'::regconfig, %(expressions)s)))))"
    arg_joiner = "))) EXCEPT SELECT unnest(tsvector_to_array(to_tsvector('dutch'::regconfig, "
    output_field = TextField()


def _old_display_words(own: str, terms) -> dict[str, str]:
    words = [w.strip("-'") for w in re.findall(r"[0-9a-zà-ÿ][0-9a-zà-ÿ'-]*", own.lower())]
    shown = {}
    for term in terms:
        shown[term] = next((w for w in words if w == term), None) or next(
            (w for w in words if w.startswith(term[: max(text.MIN_LENGTH, len(term) - 1)])), term
        )
    return shown


def old_assignment_facts_many(assignments: list[Assignment]) -> dict[int, AssignmentFacts]:
    ids = [a.pk for a in assignments]
    if not ids:
        return {}
    A, blank = Assignment, Value("")
    links = [
        (A.expertise.through, "expertise", "expertise_id", F("expertise__name")),
        (A.core_qualities.through, "quality", "corequality_id", F("corequality__name")),
        (A.networks.through, "network", "network_id", F("network__name")),
        (A.engagement_forms.through, "form", "engagementform_id", blank),
        (A.co_owners.through, "owner", "user_id", blank),
    ]
    parts = [
        tagged(link.objects.filter(assignment_id__in=ids), kind, F("assignment_id"), F(linked), text=name)
        for link, kind, linked, name in links
    ]
    for kind in ("field_of_work", "region"):
        having = A.objects.filter(pk__in=ids, **{f"{kind}__isnull": False})
        parts.append(tagged(having, kind, F("pk"), F(f"{kind}_id"), text=F(f"{kind}__name")))
    if is_postgres():
        words = _OldLexemes(Concat(F("title"), Value(" "), F("summary")), Value(text.GENERIC_WORDS))
        parts.append(tagged(A.objects.filter(pk__in=ids), "term", F("pk"), Value(0), text=words))
    named: dict[str, dict[int, dict[int, str]]] = {}
    terms: dict[int, set[str]] = {}
    for kind, owner, pk, name in union_all(parts):
        if kind == "term":
            terms.setdefault(owner, set()).add(name)
        else:
            named.setdefault(kind, {}).setdefault(owner, {})[pk] = name
    result = {}
    for a in assignments:
        own_words = f"{a.title} {a.summary}"
        found = terms.get(a.pk, set()) if is_postgres() else text.tokens(own_words)
        field_name = named.get("field_of_work", {}).get(a.pk, {}).get(a.field_of_work_id)
        region_name = named.get("region", {}).get(a.pk, {}).get(a.region_id)
        result[a.pk] = AssignmentFacts(
            pk=a.pk,
            hours_per_week=a.hours_per_week,
            start_date=a.start_date,
            end_date=a.end_date,
            field_of_work=(a.field_of_work_id, field_name) if a.field_of_work_id else None,
            expertise=named.get("expertise", {}).get(a.pk, {}),
            core_qualities=named.get("quality", {}).get(a.pk, {}),
            region=(a.region_id, region_name) if a.region_id else None,
            remote_option=a.remote_option,
            engagement_form_ids=frozenset(named.get("form", {}).get(a.pk, {})),
            networks=named.get("network", {}).get(a.pk, {}),
            co_owner_ids=frozenset(named.get("owner", {}).get(a.pk, {})),
            work_format=a.work_format,
            terms=_old_display_words(own_words, found),
        )
    return result


def old_profile_facts(profile) -> ProfileFacts:
    viewer = viewer_for(profile.user)
    P = profile.__class__
    mine = {"profile_id": profile.pk}
    owner, blank = F("profile_id"), Value("")
    parts = [
        tagged(P.expertise.through.objects.filter(**mine), "expertise", owner, F("expertise_id"), text=blank),
        tagged(P.core_qualities.through.objects.filter(**mine), "quality", owner, F("corequality_id"), text=blank),
        tagged(P.regions.through.objects.filter(**mine), "region", owner, F("region_id"), text=blank),
        tagged(P.engagement_forms.through.objects.filter(**mine), "form", owner, F("engagementform_id"), text=blank),
        tagged(
            P.work_formats.through.objects.filter(**mine),
            "wformat",
            owner,
            F("workformat_id"),
            text=F("workformat__code"),
        ),
        tagged(
            MatchFeedback.objects.filter(**mine),
            "dfield",
            F("assignment_id"),
            F("assignment__field_of_work_id"),
            text=blank,
        ),
        tagged(
            Assignment.expertise.through.objects.filter(
                assignment_id__in=MatchFeedback.objects.filter(**mine).values("assignment_id")
            ),
            "dexpertise",
            F("assignment_id"),
            F("expertise_id"),
            text=blank,
        ),
    ]
    if is_postgres():
        words = text.AllLexemes(F("search_vector"), _profile_text())
        parts.append(tagged(P.objects.filter(pk=profile.pk), "text", F("pk"), Value(0), text=words))
    ids: dict[str, set[int]] = {"expertise": set(), "quality": set(), "region": set(), "form": set()}
    terms: set[str] = set()
    formats: set[str] = set()
    dismissed_fields: dict[int, int | None] = {}
    dismissed_expertise: dict[int, set[int]] = {}
    for kind, owner, pk, name in union_all(parts):
        if kind == "text":
            terms.add(name)
        elif kind == "wformat":
            formats.add(name)
        elif kind == "dfield":
            dismissed_fields[owner] = pk
        elif kind == "dexpertise":
            dismissed_expertise.setdefault(owner, set()).add(pk)
        else:
            ids[kind].add(pk)
    if not is_postgres():
        terms = set(text.tokens(" ".join(getattr(profile, name) or "" for name in PROFILE_TEXT)))
    return ProfileFacts(
        pk=profile.pk,
        user_id=profile.user_id,
        open_to_assignments=profile.open_to_assignments,
        hours_per_week=profile.hours_per_week,
        available_from=profile.available_from,
        available_until=profile.available_until,
        field_of_work_id=profile.field_of_work_id,
        expertise_ids=frozenset(ids["expertise"]),
        core_quality_ids=frozenset(ids["quality"]),
        region_ids=frozenset(ids["region"]),
        remote=profile.remote,
        engagement_form_ids=frozenset(ids["form"]),
        network_ids=viewer.network_ids,
        terms=frozenset(terms),
        work_formats=frozenset(formats),
        dismissals=tuple(
            (pk, field, frozenset(dismissed_expertise.get(pk, ()))) for pk, field in dismissed_fields.items()
        ),
    )


# --- Data with every kind of link ------------------------------------------------------------------

TITLES = [
    # informative words, a plural and an adjective ending
    ("Omgevingswet invoeren bij de gemeente", "Participatietrajecten en omgevingsplannen begeleiden."),
    # only generic words: no terms at all
    ("Adviseur", "Tijdelijke versterking van het team."),
    # what the Dutch parser makes of odd tokens: hyphens, apostrophes, digits, a URL, an e-mail, a path
    (
        "Data-analist (m/v) 's-Hertogenbosch: BI-dashboards v2.1",
        "Zie https://example.nl/klus?id=3 of mail x@y.nl; /srv/data",
    ),
    # diacritics, capitals and repeated words
    ("Coördinatie ÉÉN loket, één loket, één LOKET", "Café-overleg über privacy — privacyverklaringen"),
    # an empty summary
    ("Woningbouwversnelling", ""),
]


@pytest.fixture
def assignments(taxonomy):
    expertise, qualities, field = taxonomy["expertise"], taxonomy["qualities"], taxonomy["field"]
    networks = [factories.NetworkFactory(name="Jonge Ambtenaren"), factories.NetworkFactory(name="Rijkstalent")]
    region = mf.region()
    made = []
    for i, (title, summary) in enumerate(TITLES):
        kwargs = {"title": title, "summary": summary}
        if i % 2 == 0:
            kwargs |= {"field_of_work": field, "region": region}
        item = mf.assignment(
            expertise=expertise[: i % 5],
            qualities=qualities[: i % 3],
            networks=networks[: i % 3],
            engagement=("secondment", "pro-bono", "zpp")[: 1 + i % 3],
            **kwargs,
        )
        item.co_owners.set([factories.UserFactory() for _ in range(i % 3)])
        made.append(item)
    made.append(
        mf.assignment(
            title="Spreker over de Omgevingswet",
            expertise=expertise[:1],
            work_format="speaking",
            hours_per_week=None,
            dagdelen=2,
            engagement=("pro-bono",),
            start_date=datetime.date(2027, 1, 4),
            end_date=datetime.date(2027, 3, 1),
        )
    )
    return list(Assignment.objects.filter(pk__in=[a.pk for a in made]).order_by("pk"))


@pytest.fixture(autouse=True)
def _compile_afresh():
    queries.forget_compiled()
    yield
    queries.forget_compiled()


# --- Tests ----------------------------------------------------------------------------------------


def test_the_facts_equal_those_of_the_replaced_query(assignments):
    expected = old_assignment_facts_many(assignments)
    assert assignment_facts_many(assignments) == expected
    # the same for a subset, in another order, and one at a time (the statement is compiled once)
    assert assignment_facts_many(assignments[::-2]) == {a.pk: expected[a.pk] for a in assignments[::-2]}
    for item in assignments:
        assert assignment_facts_many([item]) == {item.pk: expected[item.pk]}
    # every kind of link is in the data, so the comparison covers each part of the statement
    found = expected.values()
    assert all(any(getattr(f, name) for f in found) for name in AssignmentFacts.__dataclass_fields__)
    assert any(not f.terms for f in found) and any(f.terms for f in found)


@pytest.mark.skipif(not is_postgres(), reason="the lexemes come from PostgreSQL's Dutch configuration")
def test_the_lexemes_are_the_dutch_stems_without_the_generic_words(assignments):
    terms = assignment_facts_many(assignments)[assignments[0].pk].terms
    assert terms == {
        "omgevingswet": "omgevingswet",
        "invoer": "invoeren",
        "participatietraject": "participatietrajecten",
        "omgevingsplann": "omgevingsplannen",
        "begeleid": "begeleiden",
    }


def test_one_statement_of_one_shape_for_any_number_of_assignments(assignments):
    statements = []
    for some in (assignments[:1], assignments[:3], assignments):
        with CaptureQueriesContext(connection) as ctx:
            assignment_facts_many(some)
        assert len(ctx.captured_queries) == 1
        statements.append(ctx.captured_queries[0]["sql"])
    # the ids are one parameter: the statement only differs in that value, never in its length of
    # placeholders, and on PostgreSQL each assignment's lexemes come back in one row
    shapes = {re.sub(r"\[[0-9, ]*\]|'\{[0-9,]*\}'", "IDS", sql) for sql in statements}
    assert len(shapes) == 1, shapes
    every = queries.Ids([a.pk for a in assignments])
    rows = queries.compiled_rows("assignment_facts", facts_module._assignment_union, every)
    per_assignment = [owner for kind, owner, _, _ in rows if kind == "term"]
    assert sorted(per_assignment) == ([a.pk for a in assignments] if is_postgres() else [])


def test_no_assignments_no_query():
    with CaptureQueriesContext(connection) as ctx:
        assert assignment_facts_many([]) == {}
    assert ctx.captured_queries == []


def test_profile_facts_equal_those_of_the_replaced_query(taxonomy, assignments):
    expertise, qualities = taxonomy["expertise"], taxonomy["qualities"]
    full = mf.professional(
        expertise=expertise[:3],
        qualities=qualities,
        regions=[mf.region(), mf.region("utrecht")],
        engagement=("secondment", "zpp"),
        headline="Projectleider omgevingswet en participatie",
        bio="Ervaren in woningbouw, data-analyse en privacyverklaringen.",
        field_of_work=taxonomy["field"],
    )
    full.work_formats.set(WorkFormat.objects.filter(code__in=["speaking", "coaching"]))
    for item in assignments[:3]:
        MatchFeedback.objects.create(profile=full, assignment=item)
    network = factories.NetworkFactory()
    factories.MembershipFactory(user=full.user, network=network)
    bare = factories.ProfileFactory(headline="", bio="", job_title="")
    for profile in (full, bare):
        profile.refresh_from_db()
        expected = old_profile_facts(profile)
        assert profile_facts(profile) == expected
    assert expected.pk == bare.pk and not expected.terms and not expected.dismissals
    assert len(old_profile_facts(full).dismissals) == 3 and old_profile_facts(full).work_formats


def test_profile_facts_compile_once_and_cost_one_query(taxonomy):
    first, second = mf.professional(expertise=taxonomy["expertise"][:1]), mf.professional()
    viewer_for(first.user), viewer_for(second.user)  # the viewer's own query is cached on the user
    profile_facts(first)
    compiled = dict(queries._compiled)
    with CaptureQueriesContext(connection) as ctx:
        facts = profile_facts(second)
    assert queries._compiled == compiled
    assert len(ctx.captured_queries) == 1
    assert facts.pk == second.pk and profile_facts(first).expertise_ids == {taxonomy["expertise"][0].pk}


def test_display_words_as_before():
    own = "Data-analist 's-Hertogenbosch beleid beleidsplannen omgevingswet omgevingsplan"
    terms = ["omgevingswet", "beleidsplann", "omgevingsplan", "hertogenbosch", "data-analist", "onbekend", "", "s"]
    assert text.display_words(own, terms) == _old_display_words(own, terms)
    assert text.display_words("", ["iets"]) == {"iets": "iets"}
