"""Scale data: realistic, fictional people and assignments on the real organisations.

One function per table (``gen_<table>``), run in the order of ``STEPS``; each takes the shared
``Ctx`` and adds what later steps need (ids, lists per organisation). Rows are written with
PostgreSQL ``COPY`` (psycopg 3) from model instances, so Python-side field defaults of fields
added later are honoured; ids are read back by a natural key (email, user, code).

Generated accounts are marked by an email address starting with ``gen.`` and an unusable
password; generated networks by a slug starting with ``gen-``. Everything is drawn from one
``random.Random(seed)``, so the same seed and anchor date give the same data.

Extending it: add a ``gen_<table>(ctx)`` function and put it in ``STEPS`` after the tables it
needs (e.g. interests/placements after assignments, match rows after profiles).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import random
import sys
import time
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.utils.text import slugify

from assignments.models import Assignment
from bench import vocab
from demo import networks as network_demo
from marketplace.models import User
from matching.models import Delivery, Match, SavedSearch
from networks.models import Employment, Membership, Network, Organisation, Participation, Partnership, Region
from placements.models import ConsentRequest, Interest, Introduction, Placement, Reference
from profiles.audience_models import ProfileAudience
from profiles.models import CoreQuality, EngagementForm, Expertise, FieldOfWork, Profile, Visibility

GENERATED_EMAIL_PREFIX = "gen."
GENERATED_NETWORK_PREFIX = "gen-"
UNUSABLE_PASSWORD = "!generated-scale-data"  # noqa: S105 - starts with "!": an unusable password
LARGE_TABLES = (
    "profiles_profile",
    "assignments_assignment",
    "marketplace_user",
    "networks_membership",
    "account_emailaddress",
)
REACTION_TABLES = (
    "assignments_interest",
    "assignments_introduction",
    "assignments_placement",
    "assignments_match",
    "assignments_savedsearch",
)


# --- the search vectors: must match how the apps compute them (marketplace/lib/search.py) ---


def assignment_search_vector() -> SearchVector:
    """Title A, summary B, description C, Dutch stemming."""
    return (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", weight="B", config="dutch")
        + SearchVector("description", weight="C", config="dutch")
    )


def profile_search_vector() -> SearchVector:
    """Display name and headline A, job title B, bio C, Dutch stemming."""
    return (
        SearchVector("display_name", "headline", weight="A", config="dutch")
        + SearchVector("job_title", weight="B", config="dutch")
        + SearchVector("bio", weight="C", config="dutch")
    )


# --- helpers ---


BAR_WIDTH = 24


class Progress:
    """A one-line progress bar on stderr (elapsed time, step, bar, rows written)."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.started = time.perf_counter()

    def step(self, label: str, done: int, total: int) -> None:
        if self.quiet:
            return
        pct = 100 * done // max(total, 1)
        elapsed = time.perf_counter() - self.started
        filled = min(BAR_WIDTH, BAR_WIDTH * done // max(total, 1))
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{elapsed:6.1f}s] {label:<28} [{bar}] {done:>9,}/{total:,} ({pct:3d}%)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"[{elapsed:6.1f}s] {text}\n")
            self.stream.flush()


def zipf_cum_weights(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class Zipf:
    """Draw from ``items`` with weight 1/rank^s (the first item is the most common)."""

    def __init__(self, items: Sequence[Any], s: float = 1.0, weights: Sequence[float] | None = None) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights)) if weights is not None else zipf_cum_weights(len(items), s)

    def one(self, rng: random.Random) -> Any:
        return self.items[bisect_left(self.cum, rng.random() * self.cum[-1])]

    def distinct(self, rng: random.Random, k: int) -> list[Any]:
        k = min(k, len(self.items))
        chosen: list[Any] = []
        while len(chosen) < k:
            item = self.one(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def weighted(rng: random.Random, table: dict[Any, float]) -> Any:
    return rng.choices(list(table), weights=list(table.values()))[0]


def rng_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def copy_rows(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, progress: Progress, label: str, total: int
) -> int:
    """COPY ``rows`` into ``table``; returns the number written."""
    cols = ", ".join(f'"{c}"' for c in columns)
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
            if written % 10_000 == 0:
                progress.step(label, written, max(total, written + 1))  # 100 % only at the end
    progress.step(label, written, written)  # the count written, as 100 % (``total`` may be an estimate)
    return written


def copy_instances(
    model: type[models.Model],
    objs: Iterable[models.Model],
    *,
    progress: Progress,
    label: str | None = None,
    total: int | None = None,
) -> int:
    """COPY unsaved model instances (like ``bulk_create`` without ids, signals or batches).

    ``objs`` may be a generator (``total`` then gives the progress bar its length): at a million
    rows, holding every instance in a list costs gigabytes.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    now = dt.datetime.now(dt.UTC)

    def values(obj: models.Model) -> list[Any]:
        row = []
        for f in fields:
            value = getattr(obj, f.attname)
            if value is None and getattr(f, "auto_now", False):
                value = getattr(obj, "created_at", None) or now
            row.append(f.get_db_prep_save(value, connection))
        return row

    return copy_rows(
        model._meta.db_table,
        [f.column for f in fields],
        (values(o) for o in objs),
        progress=progress,
        label=label or model._meta.db_table,
        total=total if total is not None else len(objs),  # type: ignore[arg-type]
    )


def copy_m2m(field: models.ManyToManyField, pairs: Sequence[tuple[int, int]], *, progress: Progress) -> int:
    through = field.remote_field.through
    source = field.m2m_column_name()
    target = field.m2m_reverse_name()
    return copy_rows(
        through._meta.db_table,
        [source, target],
        pairs,
        progress=progress,
        label=through._meta.db_table,
        total=len(pairs),
    )


def bulk_tables() -> list[str]:
    """The tables the generator fills with COPY (their secondary indexes are built after loading)."""
    models_ = [User, EmailAddress, Employment, Profile, Membership, Assignment, Interest, Introduction]
    models_ += [Placement, ConsentRequest, Reference, Match, SavedSearch, ProfileAudience]
    tables = [m._meta.db_table for m in models_]
    for model in (Profile, Assignment):
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    return tables


@contextmanager
def deferred_indexes(tables: Sequence[str], progress: Progress) -> Iterator[None]:
    """Drop the indexes of ``tables`` that back no constraint, and build them again afterwards.

    At a million rows, keeping a dozen btree and GIN indexes current row by row during COPY and
    the search-vector UPDATE costs more than building them once from sorted data. Primary keys and
    unique constraints stay (the generator reads ids back through them). Partial unique indexes
    are rebuilt too, so data that breaks them still fails loudly. Runs inside the caller's
    transaction: a failure leaves every index in place.
    """
    with connection.cursor() as cursor:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: COPY would queue a check per row
        # until commit (memory in the server at millions of rows), and CREATE INDEX refuses a table
        # with pending trigger events. Checked per row instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
              )
            ORDER BY i.tablename, i.indexname
            """,
            [list(tables)],
        )
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    progress.note(f"dropped {len(definitions)} secondary indexes of {len(tables)} tables for the load")
    yield
    with connection.cursor() as cursor:
        # Index builds sort in memory; the server default (64 MB) spills a million rows to disk.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for done, (_, definition) in enumerate(definitions, start=1):
            cursor.execute(definition)
            progress.step("indexes", done, len(definitions))


# --- the shared state ---


@dataclass
class Ctx:
    rng: random.Random
    profiles: int
    assignments: int
    anchor: dt.date
    progress: Progress
    now: dt.datetime = field(init=False)
    organisations: list[Organisation] = field(default_factory=list)
    org_pick: Zipf | None = None
    domains: dict[int, str] = field(default_factory=dict)
    networks: list[Network] = field(default_factory=list)
    networks_by_org: dict[int, list[int]] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    fields_of_work: list[int] = field(default_factory=list)
    expertise: list[int] = field(default_factory=list)
    expertise_names: dict[int, str] = field(default_factory=dict)
    core_qualities: list[int] = field(default_factory=list)
    engagement_forms: list[int] = field(default_factory=list)
    # Per generated user, in generation order: (email, organisation_id or None).
    user_rows: list[tuple[str, int | None]] = field(default_factory=list)
    # Per generated user, in generation order: (full name, date joined); the profile step needs them.
    user_meta: list[tuple[str, dt.datetime]] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    employees_by_org: dict[int, list[int]] = field(default_factory=dict)
    profile_ids: list[int] = field(default_factory=list)
    assignment_ids: list[int] = field(default_factory=list)
    # Topics drawn per profile / assignment, reused for the M2M tags so text and tags agree.
    profile_topics: list[list[int]] = field(default_factory=list)
    assignment_topics: list[list[int]] = field(default_factory=list)
    # The latent field of work drawn per profile / assignment (None: none), for the evaluation.
    profile_fields: list[int | None] = field(default_factory=list)
    assignment_fields: list[int | None] = field(default_factory=list)
    assignment_networks: list[list[int]] = field(default_factory=list)
    assignment_posters: list[int] = field(default_factory=list)
    seed: int = 42
    # The generated rows read back from the database by the reaction steps (``load_base``).
    base: GeneratedBase | None = None

    def __post_init__(self) -> None:
        self.now = dt.datetime.combine(self.anchor, dt.time(12, 0), tzinfo=dt.UTC)

    def days_ago(self, days: float) -> dt.datetime:
        return self.now - dt.timedelta(days=days)


# Known big employers first: they get the most people (Zipf over this order, times the kind weight).
BIG_FIRST = [
    "gemeente-amsterdam",
    "gemeente-rotterdam",
    "gemeente-den-haag",
    "gemeente-utrecht",
    "uwv",
    "ministerie-fin",
    "ministerie-jenv",
    "ministerie-def",
    "ministerie-bzk",
    "ministerie-ienw",
    "gemeente-eindhoven",
    "gemeente-groningen",
    "gemeente-tilburg",
    "gemeente-almere",
    "gemeente-breda",
    "gemeente-nijmegen",
    "gemeente-arnhem",
    "gemeente-haarlem",
    "gemeente-zwolle",
    "gemeente-leiden",
]
KIND_WEIGHT = {"gemeente": 1.0, "rijk": 1.0, "other": 1.0, "provincie": 0.5, "waterschap": 0.35}


# --- one function per table ---


def gen_taxonomies(ctx: Ctx) -> None:
    """Fields of work, core qualities and ~325 expertise tags (looked up by slug: idempotent)."""

    def ensure(model: type[models.Model], names: Sequence[str]) -> list[int]:
        existing = {o.slug: o.pk for o in model.objects.all()}
        by_name = {o.name.lower(): o.pk for o in model.objects.all()}
        ids = []
        for name in names:
            slug = slugify(name)[:110]
            pk = existing.get(slug) or by_name.get(name.lower())
            if pk is None:
                pk = model.objects.create(name=name, slug=slug).pk
            ids.append(pk)
        return ids

    ctx.fields_of_work = ensure(FieldOfWork, vocab.FIELDS_OF_WORK)
    ctx.core_qualities = ensure(CoreQuality, vocab.CORE_QUALITIES)
    names = list(vocab.TOPICS) + [f"{form} {topic}" for topic in vocab.TOPICS[:50] for form in vocab.WORKING_FORMS]
    ctx.expertise = ensure(Expertise, names)
    ctx.expertise_names = dict(zip(ctx.expertise, names, strict=True))
    ctx.engagement_forms = list(EngagementForm.objects.order_by("pk").values_list("pk", flat=True))
    ctx.progress.note(
        f"taxonomies: {len(ctx.fields_of_work)} fields, {len(ctx.core_qualities)} core qualities, "
        f"{len(ctx.expertise)} expertise tags"
    )


def gen_organisations(ctx: Ctx) -> None:
    """The real organisations (demo.networks) with Zipf-like sizes."""
    network_demo.seed_organisations()
    ctx.regions = list(Region.objects.order_by("pk"))
    orgs = list(Organisation.objects.select_related("province").prefetch_related("domains").order_by("slug"))
    big = {slug: i for i, slug in enumerate(BIG_FIRST)}
    rest = [o for o in orgs if o.slug not in big]
    ctx.rng.shuffle(rest)
    ordered = sorted((o for o in orgs if o.slug in big), key=lambda o: big[o.slug]) + rest
    weights = [KIND_WEIGHT.get(o.kind, 0.5) / (rank**0.9) for rank, o in enumerate(ordered, start=1)]
    ctx.organisations = ordered
    ctx.org_pick = Zipf(ordered, weights=weights)
    ctx.domains = {o.pk: (sorted(d.domain for d in o.domains.all()) or [f"{o.slug}.example"])[0] for o in orgs}


def gen_networks(ctx: Ctx) -> None:
    """The four real networks plus 16 generated ones (slug ``gen-…``), with participations."""
    network_demo.seed_networks()
    themes = [
        ("Data en AI", "functional"),
        ("Jonge Ambtenaren", "functional"),
        ("Omgevingswet", "functional"),
        ("Inkoop", "functional"),
        ("Informatiebeveiliging", "functional"),
        ("Energietransitie", "functional"),
        ("Sociaal Domein", "functional"),
        ("Communicatie", "functional"),
    ]
    provinces = ctx.regions[:8]
    specs = [(f"Netwerk {name}", kind) for name, kind in themes] + [
        (f"Flexpool {r.name}", "regional") for r in provinces
    ]
    for name, kind in specs:
        slug = GENERATED_NETWORK_PREFIX + slugify(name)
        network, created = Network.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "description": f"Gegenereerd netwerk voor de schaaltest: {name}.",
                "join_policy": weighted(ctx.rng, {"open": 2, "approval": 3, "invitation": 1}),
                "employees_are_members": ctx.rng.random() < 0.25,
                "moderates_assignments": ctx.rng.random() < 0.3,
            },
        )
        if created:
            if kind == "regional":
                region = next(r for r in provinces if name.endswith(r.name))
                members = [o for o in ctx.organisations if o.province_id == region.pk]
            else:
                members = ctx.rng.sample(ctx.organisations, k=ctx.rng.randint(6, 25))
            Participation.objects.bulk_create(
                [Participation(network=network, organisation=o, created_at=ctx.now) for o in members],
                ignore_conflicts=True,
            )
    ctx.networks = list(Network.objects.order_by("pk"))
    for org_id, net_id in Participation.objects.values_list("organisation_id", "network_id"):
        ctx.networks_by_org.setdefault(org_id, []).append(net_id)


_FIRST_NAMES = Zipf(vocab.FIRST_NAMES, s=0.6)
_LAST_NAMES = Zipf(vocab.LAST_NAMES, s=0.7)


def _name(rng: random.Random) -> tuple[str, str, str]:
    first = _FIRST_NAMES.one(rng)
    middle = rng.choice(vocab.TUSSENVOEGSELS)
    last = _LAST_NAMES.one(rng)
    return first, middle, last


def gen_users(ctx: Ctx) -> None:
    """One account per profile; 3 % without a government address (visitors); 2 % deactivated."""
    rng = ctx.rng

    def users() -> Iterator[User]:
        for i in range(ctx.profiles):
            first, middle, last = _name(rng)
            org = ctx.org_pick.one(rng) if rng.random() >= 0.03 else None
            domain = ctx.domains[org.pk] if org else rng.choice(["example.com", "example.net", "example.org"])
            local = slugify(f"{first}.{middle}{last}").replace("-", "")
            email = f"{GENERATED_EMAIL_PREFIX}{local}.{i}@{domain}"
            joined = ctx.days_ago(rng.uniform(0, 900))
            full_name = f"{first} {middle}{last}"
            ctx.user_rows.append((email, org.pk if org else None))
            ctx.user_meta.append((full_name, joined))
            yield User(
                email=email,
                password=UNUSABLE_PASSWORD,
                full_name=full_name,
                language="nl" if rng.random() < 0.93 else "en",
                is_active=rng.random() >= 0.02,
                date_joined=joined,
            )

    copy_instances(User, users(), progress=ctx.progress, label="users", total=ctx.profiles)
    ids = dict(
        User.objects.filter(email__startswith=GENERATED_EMAIL_PREFIX).values_list("email", "pk").iterator(50_000)
    )
    ctx.user_ids = [ids[email] for email, _ in ctx.user_rows]
    del ids
    for user_id, (_, org_id) in zip(ctx.user_ids, ctx.user_rows, strict=True):
        if org_id is not None:
            ctx.employees_by_org.setdefault(org_id, []).append(user_id)


def gen_email_addresses(ctx: Ctx) -> None:
    """Every generated address is verified and primary (allauth)."""
    objs = (
        EmailAddress(user_id=user_id, email=email, verified=True, primary=True)
        for user_id, (email, _) in zip(ctx.user_ids, ctx.user_rows, strict=True)
    )
    copy_instances(EmailAddress, objs, progress=ctx.progress, label="email addresses", total=len(ctx.user_ids))


def gen_employments(ctx: Ctx) -> None:
    """The employer link that employment_sync would derive from the verified address."""
    objs = (
        Employment(user_id=user_id, organisation_id=org_id, email=email, created_at=ctx.now, updated_at=ctx.now)
        for user_id, (email, org_id) in zip(ctx.user_ids, ctx.user_rows, strict=True)
        if org_id is not None
    )
    total = sum(1 for _, org_id in ctx.user_rows if org_id is not None)
    copy_instances(Employment, objs, progress=ctx.progress, label="employments", total=total)


def _fill(template: str, rng: random.Random, topics: Sequence[str], **extra: str) -> str:
    topic = topics[0] if topics else rng.choice(vocab.TOPICS)
    topic2 = topics[1] if len(topics) > 1 else rng.choice(vocab.TOPICS)
    return template.format(
        topic=topic,
        topic2=topic2,
        adj=rng.choice(vocab.ADJECTIVES),
        role=extra.get("role", rng.choice(vocab.ROLES)).lower(),
        stakeholder=rng.choice(vocab.STAKEHOLDERS),
        stakeholder2=rng.choice(vocab.STAKEHOLDERS),
        deliverable=rng.choice(vocab.DELIVERABLES),
        verb=rng.choice(vocab.VERBS),
        verb_ik=rng.choice(vocab.VERBS_IK),
        months=rng.randint(3, 12),
        field=extra.get("field", "").lower(),
        field_l=extra.get("field", "").lower(),
        job=extra.get("job", "").lower(),
        org=extra.get("org", ""),
    )


def gen_profiles(ctx: Ctx) -> None:
    """A profile per account: Zipf fields and tags, every visibility level, availability."""
    rng = ctx.rng
    field_pick = Zipf(ctx.fields_of_work, s=1.0)
    topic_pick = Zipf(range(len(ctx.expertise)), s=1.05)
    field_names = dict(FieldOfWork.objects.values_list("pk", "name"))
    org_names = {o.pk: o.name for o in ctx.organisations}

    def profile(user_id: int, email: str, org_id: int | None, full_name: str, joined: dt.datetime) -> Profile:
        topics_idx = topic_pick.distinct(rng, rng.randint(1, 6))
        ctx.profile_topics.append(topics_idx)
        topics = [ctx.expertise_names[ctx.expertise[i]] for i in topics_idx]
        field_id = field_pick.one(rng) if rng.random() < 0.92 else None
        ctx.profile_fields.append(field_id)
        role = rng.choice(vocab.ROLES)
        job = f"{role} {topics[0]}" if rng.random() < 0.6 else role
        extra = {
            "role": role,
            "job": job,
            "field": field_names.get(field_id, "publieke sector"),
            "org": org_names.get(org_id, "een adviesbureau"),
        }
        visibility = weighted(
            rng, {Visibility.PUBLIC: 15, Visibility.PLATFORM: 45, Visibility.NETWORK: 30, Visibility.PRIVATE: 10}
        )
        available_from = ctx.anchor + dt.timedelta(days=rng.randint(-30, 120)) if rng.random() < 0.5 else None
        return Profile(
            code=rng_uuid(rng),
            user_id=user_id,
            display_name=full_name,
            headline=_fill(rng.choice(vocab.HEADLINES), rng, topics, **extra)[:160].capitalize(),
            bio=" ".join(
                _fill(s, rng, topics, **extra) for s in rng.sample(vocab.PROFILE_SENTENCES, rng.randint(2, 5))
            ),
            job_title=job[:120],
            field_of_work_id=field_id,
            open_to_assignments=rng.random() < 0.4,
            hours_per_week=rng.choice([4, 8, 8, 12, 16, 16, 20, 24, 32, 36]) if rng.random() < 0.7 else None,
            available_from=available_from,
            available_until=(available_from + dt.timedelta(days=rng.randint(30, 365)))
            if available_from and rng.random() < 0.5
            else None,
            hourly_rate=Decimal(rng.randint(60, 140)) if rng.random() < 0.2 else None,
            remote=rng.random() < 0.5,
            contact_email=email if rng.random() < 0.5 else "",
            visibility=visibility,
            contact_visibility=rng.randint(0, visibility),
            is_hidden=rng.random() < 0.01,
            last_active_at=ctx.days_ago(rng.expovariate(1 / 60)),
            created_at=joined,
            updated_at=joined,
        )

    objs = (
        profile(user_id, email, org_id, full_name, joined)
        for user_id, (email, org_id), (full_name, joined) in zip(
            ctx.user_ids, ctx.user_rows, ctx.user_meta, strict=True
        )
    )
    copy_instances(Profile, objs, progress=ctx.progress, label="profiles", total=len(ctx.user_ids))
    ids = dict(
        Profile.objects.filter(user__email__startswith=GENERATED_EMAIL_PREFIX)
        .values_list("user_id", "pk")
        .iterator(50_000)
    )
    ctx.profile_ids = [ids[u] for u in ctx.user_ids]


def gen_profile_tags(ctx: Ctx) -> None:
    """Expertise (the topics in the text), core qualities, engagement forms and regions."""
    rng = ctx.rng
    quality_pick = Zipf(ctx.core_qualities, s=0.8)
    form_pick = Zipf(ctx.engagement_forms, s=0.7)
    org_region = {o.pk: o.province_id for o in ctx.organisations}
    expertise, qualities, forms, regions = [], [], [], []
    for pid, topics_idx, (_, org_id) in zip(ctx.profile_ids, ctx.profile_topics, ctx.user_rows, strict=True):
        expertise.extend((pid, ctx.expertise[i]) for i in topics_idx)
        qualities.extend((pid, q) for q in quality_pick.distinct(rng, rng.randint(2, 4)))
        forms.extend((pid, f) for f in form_pick.distinct(rng, rng.randint(1, 3)))
        home = org_region.get(org_id) or rng.choice(ctx.regions).pk
        chosen = {home} | ({rng.choice(ctx.regions).pk} if rng.random() < 0.4 else set())
        regions.extend((pid, r) for r in sorted(chosen))
    copy_m2m(Profile._meta.get_field("expertise"), expertise, progress=ctx.progress)
    copy_m2m(Profile._meta.get_field("core_qualities"), qualities, progress=ctx.progress)
    copy_m2m(Profile._meta.get_field("engagement_forms"), forms, progress=ctx.progress)
    copy_m2m(Profile._meta.get_field("regions"), regions, progress=ctx.progress)


MEMBERSHIP_STATUS = {
    Membership.Status.ACTIVE: 70,
    Membership.Status.PENDING: 10,
    Membership.Status.INVITED: 5,
    Membership.Status.SUSPENDED: 3,
    Membership.Status.REJECTED: 5,
    Membership.Status.LEFT: 7,
}


def gen_memberships(ctx: Ctx) -> None:
    """A third of the people in 1–3 networks (mostly their employer's), every status; coordinators."""
    rng = ctx.rng
    net_ids = [n.pk for n in ctx.networks]
    net_pick = Zipf(net_ids, s=0.8)
    objs = []
    coordinators: dict[int, int] = {}
    for user_id, (_, org_id) in zip(ctx.user_ids, ctx.user_rows, strict=True):
        if rng.random() >= 0.35:
            continue
        own = ctx.networks_by_org.get(org_id or 0, [])
        chosen: list[int] = []
        for _ in range(rng.randint(1, 3)):
            net = rng.choice(own) if own and rng.random() < 0.7 else net_pick.one(rng)
            if net not in chosen:
                chosen.append(net)
        for net in chosen:
            status = weighted(rng, MEMBERSHIP_STATUS)
            is_coordinator = status == Membership.Status.ACTIVE and (
                coordinators.get(net, 0) < 2 or rng.random() < 0.003
            )
            if is_coordinator:
                coordinators[net] = coordinators.get(net, 0) + 1
            created = ctx.days_ago(rng.uniform(0, 700))
            decided = status not in (Membership.Status.PENDING, Membership.Status.INVITED)
            objs.append(
                Membership(
                    user_id=user_id,
                    network_id=net,
                    employer_id=org_id,  # as networks.employers keeps it (COPY sends no signals)
                    role=Membership.Role.COORDINATOR if is_coordinator else Membership.Role.MEMBER,
                    status=status,
                    motivation="Ik wil graag mijn netwerk verbreden." if rng.random() < 0.3 else "",
                    decided_at=created + dt.timedelta(days=rng.randint(0, 14)) if decided else None,
                    created_at=created,
                    updated_at=created,
                )
            )
    copy_instances(Membership, objs, progress=ctx.progress, label="memberships")


def gen_partnerships(ctx: Ctx) -> None:
    """A few accepted (and one of every other status) partnerships between networks."""
    rng = ctx.rng
    pairs = set()
    statuses = [Partnership.Status.ACCEPTED] * 6 + [
        Partnership.Status.PROPOSED,
        Partnership.Status.DECLINED,
        Partnership.Status.ENDED,
    ]
    for status in statuses:
        a, b = rng.sample(ctx.networks, 2)
        if (a.pk, b.pk) in pairs or (b.pk, a.pk) in pairs:
            continue
        pairs.add((a.pk, b.pk))
        Partnership.objects.get_or_create(proposer=a, partner=b, defaults={"status": status})


ASSIGNMENT_STATUS = {
    Assignment.Status.OPEN: 45,
    Assignment.Status.CLOSED: 10,
    Assignment.Status.FILLED: 12,
    Assignment.Status.COMPLETED: 15,
    Assignment.Status.DRAFT: 8,
    Assignment.Status.AWAITING_MODERATION: 4,
    Assignment.Status.CANCELLED: 6,
}
ASSIGNMENT_AUDIENCE = {
    Assignment.Audience.PUBLIC: 25,
    Assignment.Audience.PLATFORM: 40,
    Assignment.Audience.NETWORKS: 25,
    Assignment.Audience.ORGANISATION: 10,
}


def gen_assignments(ctx: Ctx) -> None:
    """Assignments of every status and audience, posted by employees, texts from the vocabulary."""
    rng = ctx.rng
    topic_pick = Zipf(range(len(ctx.expertise)), s=1.05)
    field_pick = Zipf(ctx.fields_of_work, s=1.0)
    field_names = dict(FieldOfWork.objects.values_list("pk", "name"))
    user_names = {user_id: name for user_id, (name, _) in zip(ctx.user_ids, ctx.user_meta, strict=True)}
    emails = dict(zip(ctx.user_ids, (e for e, _ in ctx.user_rows), strict=True))
    objs = []
    for _ in range(ctx.assignments):
        org = ctx.org_pick.one(rng)
        while org.pk not in ctx.employees_by_org:
            org = ctx.org_pick.one(rng)
        poster = rng.choice(ctx.employees_by_org[org.pk])
        ctx.assignment_posters.append(poster)
        status = weighted(rng, ASSIGNMENT_STATUS)
        audience = weighted(rng, ASSIGNMENT_AUDIENCE)
        topics_idx = topic_pick.distinct(rng, rng.randint(1, 4))
        ctx.assignment_topics.append(topics_idx)
        topics = [ctx.expertise_names[ctx.expertise[i]] for i in topics_idx]
        role = rng.choice(vocab.ROLES)
        field_id = field_pick.one(rng) if rng.random() < 0.95 else None
        ctx.assignment_fields.append(field_id)
        extra = {"role": role, "field": field_names.get(field_id, "bedrijfsvoering")}
        published = status in Assignment.PUBLISHED
        if status == Assignment.Status.OPEN:
            age = rng.expovariate(1 / 20)
            deadline = ctx.anchor + dt.timedelta(days=rng.randint(1, 60))
        elif published:
            age = rng.uniform(30, 700)
            deadline = (ctx.now - dt.timedelta(days=age - rng.randint(7, 28))).date()
        else:
            age = rng.uniform(0, 90)
            deadline = ctx.anchor + dt.timedelta(days=rng.randint(10, 90)) if rng.random() < 0.7 else None
        created = ctx.days_ago(age + rng.uniform(0, 5))
        start = (deadline or ctx.anchor) + dt.timedelta(days=rng.randint(7, 45))
        compensation = weighted(rng, {"public-rate": 6, "budget": 3, "pro-bono": 1})
        networks: list[int] = []
        if audience == Assignment.Audience.NETWORKS:
            own = ctx.networks_by_org.get(org.pk) or [rng.choice(ctx.networks).pk]
            networks = rng.sample(own, k=min(len(own), rng.randint(1, 2)))
        ctx.assignment_networks.append(networks)
        sentences = rng.sample(vocab.ASSIGNMENT_SENTENCES, rng.randint(5, 9))
        objs.append(
            Assignment(
                code=rng_uuid(rng),
                title=f"{role} {topics[0]}"[:160] if rng.random() < 0.7 else f"{role} {topics[0]} bij {org.name}"[:160],
                summary=_fill(vocab.ASSIGNMENT_SENTENCES[0], rng, topics, **extra)[:300],
                description="\n\n".join(_fill(s, rng, topics, **extra) for s in sentences),
                organisation_id=org.pk,
                posted_by_id=poster,
                contact_name=user_names.get(poster, ""),
                contact_email=emails[poster],
                field_of_work_id=field_id,
                hours_per_week=rng.choice([4, 8, 8, 12, 16, 16, 16, 20, 24, 32, 36]),
                start_date=start,
                end_date=start + dt.timedelta(days=rng.randint(30, 365)) if rng.random() < 0.8 else None,
                place=org.name.removeprefix("Gemeente ").removeprefix("Provincie ")[:120],
                region_id=org.province_id,
                remote_option=weighted(rng, {"on-site": 2, "hybrid": 6, "remote": 2}),
                compensation=compensation,
                rate=Decimal(rng.randint(70, 130)) if compensation == "public-rate" else None,
                budget=Decimal(rng.randint(5, 80) * 1000) if compensation == "budget" else None,
                deadline=deadline,
                places=1 if rng.random() < 0.85 else rng.randint(2, 4),
                audience=audience,
                share_with_partners=bool(networks) and rng.random() < 0.3,
                status=status,
                published_at=ctx.days_ago(age) if published else None,
                created_at=created,
                updated_at=ctx.days_ago(age),
            )
        )
    copy_instances(Assignment, objs, progress=ctx.progress, label="assignments")
    codes = [o.code for o in objs]
    ids = dict(Assignment.objects.filter(posted_by_id__in=set(ctx.assignment_posters)).values_list("code", "pk"))
    ctx.assignment_ids = [ids[c] for c in codes]


def gen_assignment_tags(ctx: Ctx) -> None:
    """Networks (for audience "networks"), engagement forms, expertise, core qualities, co-owners."""
    rng = ctx.rng
    quality_pick = Zipf(ctx.core_qualities, s=0.8)
    form_pick = Zipf(ctx.engagement_forms, s=0.7)
    networks, forms, expertise, qualities, co_owners = [], [], [], [], []
    for aid, nets, topics_idx, poster in zip(
        ctx.assignment_ids, ctx.assignment_networks, ctx.assignment_topics, ctx.assignment_posters, strict=True
    ):
        networks.extend((aid, n) for n in nets)
        forms.extend((aid, f) for f in form_pick.distinct(rng, rng.randint(1, 3)))
        expertise.extend((aid, ctx.expertise[i]) for i in topics_idx)
        qualities.extend((aid, q) for q in quality_pick.distinct(rng, rng.randint(0, 3)))
        if rng.random() < 0.1:
            other = rng.choice(ctx.user_ids)
            if other != poster:
                co_owners.append((aid, other))
    for name, pairs in [
        ("networks", networks),
        ("engagement_forms", forms),
        ("expertise", expertise),
        ("core_qualities", qualities),
        ("co_owners", co_owners),
    ]:
        copy_m2m(Assignment._meta.get_field(name), pairs, progress=ctx.progress)


@dataclass(frozen=True)
class Latent:
    """What a generated row is really about: its topics (base topic names) and its field of work."""

    topics: frozenset[str]
    field_id: int | None


def base_topic(expertise_name: str) -> str:
    """The topic behind an expertise name ("advies omgevingswet" is about "omgevingswet")."""
    form, _, rest = expertise_name.partition(" ")
    return rest if form in vocab.WORKING_FORMS and rest in vocab.TOPICS else expertise_name


def latent_rows(ctx: Ctx) -> tuple[dict[int, Latent], dict[int, Latent]]:
    """The latent topic and field of every generated profile and assignment, by id."""

    def rows(ids: list[int], topics: list[list[int]], fields: list[int | None]) -> dict[int, Latent]:
        return {
            pk: Latent(frozenset(base_topic(ctx.expertise_names[ctx.expertise[i]]) for i in idx), field_id)
            for pk, idx, field_id in zip(ids, topics, fields, strict=True)
        }

    return (
        rows(ctx.profile_ids, ctx.profile_topics, ctx.profile_fields),
        rows(ctx.assignment_ids, ctx.assignment_topics, ctx.assignment_fields),
    )


def fill_search_vectors(ctx: Ctx) -> None:
    """The stored tsvectors, in id-range chunks so progress shows."""
    for model, ids, vector in [
        (Assignment, ctx.assignment_ids, assignment_search_vector()),
        (Profile, ctx.profile_ids, profile_search_vector()),
    ]:
        if not ids:
            continue
        lo, hi = min(ids), max(ids)
        step = 20_000
        label = f"{model._meta.db_table} vectors"
        for start in range(lo, hi + 1, step):
            model.objects.filter(pk__gte=start, pk__lt=start + step).update(search_vector=vector)
            ctx.progress.step(label, min(start + step, hi + 1) - lo, hi + 1 - lo)


# --- reactions, matches and saved searches: read what they need from the database ---
#
# These steps can run on a database generated earlier (``generate_only``), so they read the
# generated profiles and assignments back instead of using the in-memory state of the steps
# above, and each draws from its own ``random.Random(f"{seed}/{name}")``: a step gives the same
# rows whether it runs as part of a full generation or later on its own.


@dataclass
class GeneratedBase:
    """The generated people and assignments, as the reaction steps need them (rows in id order)."""

    # Per profile: (profile_id, user_id, field_id, hours, open_to_assignments, employer_id, full_name).
    profiles: list[tuple[int, int, int | None, int | None, bool, int | None, str]]
    by_field: dict[int | None, list[int]]  # field id -> indexes into ``profiles``
    by_expertise: dict[int, list[int]]
    by_employer: dict[int, list[int]]
    by_network: dict[int, list[int]]  # active members
    index_of_user: dict[int, int]
    assignments: list[dict[str, Any]]
    expertise_names: dict[int, str]
    field_names: dict[int, str]
    region_names: dict[int, str]
    user_names: dict[int, str]


def load_base(ctx: Ctx) -> GeneratedBase:
    """Read the generated profiles and assignments back (cached on ``ctx``)."""
    if ctx.base is not None:
        return ctx.base
    rows = list(
        Profile.objects.filter(user__email__startswith=GENERATED_EMAIL_PREFIX, user__is_active=True, is_hidden=False)
        .order_by("pk")
        .values_list(
            "pk",
            "user_id",
            "field_of_work_id",
            "hours_per_week",
            "open_to_assignments",
            "user__employment__organisation_id",
            "user__full_name",
        )
        .iterator(20_000)
    )
    index_of_user = {row[1]: i for i, row in enumerate(rows)}
    index_of_profile = {row[0]: i for i, row in enumerate(rows)}
    by_field: dict[int | None, list[int]] = {}
    by_employer: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        by_field.setdefault(row[2], []).append(i)
        if row[5] is not None:
            by_employer.setdefault(row[5], []).append(i)
    by_expertise: dict[int, list[int]] = {}
    through = Profile.expertise.through.objects.order_by("profile_id", "expertise_id")
    for profile_id, expertise_id in through.values_list("profile_id", "expertise_id").iterator(50_000):
        if profile_id in index_of_profile:
            by_expertise.setdefault(expertise_id, []).append(index_of_profile[profile_id])
    by_network: dict[int, list[int]] = {}
    for network_id, user_id in (
        Membership.objects.filter(status=Membership.Status.ACTIVE)
        .order_by("network_id", "user_id")
        .values_list("network_id", "user_id")
        .iterator(50_000)
    ):
        if user_id in index_of_user:
            by_network.setdefault(network_id, []).append(index_of_user[user_id])
    assignments = [
        dict(row)
        for row in Assignment.objects.filter(posted_by__email__startswith=GENERATED_EMAIL_PREFIX)
        .order_by("pk")
        .values(
            "pk",
            "code",
            "status",
            "audience",
            "organisation_id",
            "posted_by_id",
            "published_at",
            "created_at",
            "deadline",
            "places",
            "hours_per_week",
            "field_of_work_id",
            "region_id",
            "remote_option",
            "compensation",
            "rate",
            "start_date",
            "end_date",
        )
        .iterator(20_000)
    ]
    ids = [a["pk"] for a in assignments]
    extra: dict[str, dict[int, list[int]]] = {}
    for name, column in [
        ("expertise", "expertise_id"),
        ("networks", "network_id"),
        ("engagement_forms", "engagementform_id"),
        ("co_owners", "user_id"),
    ]:
        grouped: dict[int, list[int]] = {}
        through = Assignment._meta.get_field(name).remote_field.through
        for aid, other in (
            through.objects.filter(assignment_id__in=ids)
            .order_by("assignment_id", column)
            .values_list("assignment_id", column)
        ):
            grouped.setdefault(aid, []).append(other)
        extra[name] = grouped
    for a in assignments:
        for name, grouped in extra.items():
            a[name] = grouped.get(a["pk"], [])
    ctx.base = GeneratedBase(
        profiles=rows,
        by_field=by_field,
        by_expertise=by_expertise,
        by_employer=by_employer,
        by_network=by_network,
        index_of_user=index_of_user,
        assignments=assignments,
        expertise_names=dict(Expertise.objects.values_list("pk", "name")),
        field_names=dict(FieldOfWork.objects.values_list("pk", "name")),
        region_names=dict(Region.objects.values_list("pk", "name")),
        user_names=dict(
            User.objects.filter(pk__in={a["posted_by_id"] for a in assignments}).values_list("pk", "full_name")
        ),
    )
    ctx.progress.note(f"read back {len(rows):,} active profiles and {len(assignments):,} assignments")
    return ctx.base


def step_rng(ctx: Ctx, name: str) -> random.Random:
    return random.Random(f"{ctx.seed}/{name}")


def pick_people(
    rng: random.Random, base: GeneratedBase, a: dict[str, Any], k: int, *, open_only: bool = False
) -> list[int]:
    """Up to ``k`` distinct profile indexes who may see assignment ``a`` (not its owners).

    Organisation audience: employees of the organisation; networks: active members of its
    networks; platform: people with an employer; public: anyone. Most come from the
    assignment's field of work or expertise, the way people find what fits them.
    """
    audience = a["audience"]
    if audience == Assignment.Audience.ORGANISATION:
        pools = [base.by_employer.get(a["organisation_id"], [])]
    elif audience == Assignment.Audience.NETWORKS:
        pools = [base.by_network.get(n, []) for n in a["networks"]]
    else:
        pools = [base.by_field.get(a["field_of_work_id"], [])] * 3
        pools += [base.by_expertise.get(e, []) for e in a["expertise"]] * 2
        pools.append(range(len(base.profiles)))
    pools = [p for p in pools if p]
    owners = {a["posted_by_id"], *a["co_owners"]}
    chosen: list[int] = []
    seen: set[int] = set()
    for _ in range(k * 6):
        if len(chosen) >= k or not pools:
            break
        i = rng.choice(rng.choice(pools))
        if i in seen:
            continue
        seen.add(i)
        _, user_id, _, hours, open_to, employer, _ = base.profiles[i]
        if user_id in owners or (audience == Assignment.Audience.PLATFORM and employer is None):
            continue
        if open_only and (not open_to or (hours or 0) < a["hours_per_week"]):
            continue
        chosen.append(i)
    return chosen


def zipf_counts(rng: random.Random, means: Sequence[float], *, s: float, cap: int) -> list[int]:
    """Split ``sum(means)`` draws over the slots: slot i gets ~means[i] x its Zipf weight (1/rank^s,
    ranks in a shuffled order, normalised to mean 1), at most ``cap`` each."""
    n = len(means)
    order = list(range(n))
    rng.shuffle(order)
    rank_of = {slot: rank for rank, slot in enumerate(order, start=1)}
    pick = Zipf(range(n), weights=[means[slot] / rank_of[slot] ** s for slot in range(n)])
    counts = [0] * n
    for _ in range(round(sum(means))):
        slot = pick.one(rng)
        if counts[slot] < cap:
            counts[slot] += 1
    return counts


S = Assignment.Status
I = Interest.Status  # noqa: E741
# Reactions per assignment on average, by the assignment's status (drafts have none).
REACTIONS_PER_ASSIGNMENT = {S.OPEN: 5, S.CLOSED: 4, S.FILLED: 5, S.COMPLETED: 5, S.CANCELLED: 2}
# How the reactions of an assignment stand, by its status; filled and completed ones also get
# one selected reaction per place (see ``gen_reactions``).
REACTION_STATUS = {
    S.OPEN: {I.NEW: 45, I.SHORTLISTED: 20, I.INTRODUCTION: 12, I.DECLINED: 15, I.WITHDRAWN: 8},
    S.CLOSED: {I.NEW: 25, I.SHORTLISTED: 20, I.INTRODUCTION: 15, I.DECLINED: 25, I.WITHDRAWN: 15},
    S.FILLED: {I.NOT_SELECTED: 55, I.DECLINED: 30, I.WITHDRAWN: 15},
    S.COMPLETED: {I.NOT_SELECTED: 55, I.DECLINED: 30, I.WITHDRAWN: 15},
    S.CANCELLED: {I.NOT_SELECTED: 50, I.DECLINED: 20, I.WITHDRAWN: 30},
}
PLACEMENT_STATUS = {
    S.OPEN: {Placement.Status.PREPARING: 70, Placement.Status.RUNNING: 30},
    S.CLOSED: {Placement.Status.PREPARING: 70, Placement.Status.RUNNING: 30},
    S.FILLED: {Placement.Status.PREPARING: 35, Placement.Status.RUNNING: 60, Placement.Status.CANCELLED: 5},
    S.COMPLETED: {Placement.Status.COMPLETED: 90, Placement.Status.CANCELLED: 10},
}
DECLINE_REASONS = [
    "We hebben gekozen voor iemand met meer ervaring in dit onderwerp.",
    "De gevraagde beschikbaarheid past helaas niet bij de planning.",
    "Er waren veel reacties; we gaan verder met een kleinere groep.",
]
REFERENCE_TEXTS = [
    "Prettige samenwerking: {name} pakte de opdracht zelfstandig op en leverde op tijd.",
    "{name} bracht rust en structuur in een ingewikkeld traject. Een aanrader.",
    "Heldere afspraken, goede begeleiding en een leerzame opdracht.",
]


def _reaction_time(rng: random.Random, ctx: Ctx, a: dict[str, Any]) -> dt.datetime:
    start = a["published_at"] or a["created_at"]
    end = ctx.now
    if a["deadline"] and a["status"] != S.OPEN:
        end = min(end, dt.datetime.combine(a["deadline"], dt.time(17), tzinfo=dt.UTC))
    span = max((end - start).total_seconds(), 3600)
    return start + dt.timedelta(seconds=span * rng.random() ** 1.5)


def gen_reactions(ctx: Ctx) -> None:
    """Interests in every status (~5 per open assignment, Zipf), introductions, placements,
    consent requests and references down the workflow."""
    rng = step_rng(ctx, "reactions")
    base = load_base(ctx)
    live = [a for a in base.assignments if a["status"] in REACTIONS_PER_ASSIGNMENT]
    counts = zipf_counts(rng, [REACTIONS_PER_ASSIGNMENT[a["status"]] for a in live], s=0.7, cap=300)
    interests: list[Interest] = []
    owners: list[dict[str, Any]] = []  # the assignment of each interest
    for a, count in zip(live, counts, strict=True):
        places = a["places"] if a["status"] in (S.FILLED, S.COMPLETED) else int(a["places"] > 1 and rng.random() < 0.2)
        people = pick_people(rng, base, a, max(count, places))
        selected = set(rng.sample(range(len(people)), min(places, len(people))))
        for n, i in enumerate(people):
            status = I.SELECTED if n in selected else weighted(rng, REACTION_STATUS[a["status"]])
            created = _reaction_time(rng, ctx, a)
            topics = [base.expertise_names[e] for e in a["expertise"]] or ["deze opdracht"]
            interests.append(
                Interest(
                    code=rng_uuid(rng),
                    assignment_id=a["pk"],
                    professional_id=base.profiles[i][1],
                    motivation=_fill(
                        rng.choice(vocab.PROFILE_SENTENCES), rng, topics, job="adviseur", org="mijn organisatie"
                    )
                    + " "
                    + _fill(rng.choice(vocab.PROFILE_SENTENCES), rng, topics, job="adviseur", org="mijn organisatie"),
                    availability=f"{rng.choice([8, 16, 24])} uur per week" if rng.random() < 0.6 else "",
                    status=status,
                    decline_reason=rng.choice(DECLINE_REASONS) if status == I.DECLINED and rng.random() < 0.7 else "",
                    created_at=created,
                    updated_at=created + dt.timedelta(days=rng.uniform(0, 10)) if status != I.NEW else created,
                )
            )
            owners.append(a)
    copy_instances(Interest, interests, progress=ctx.progress, label="interests")
    ids = dict(
        Interest.objects.filter(professional__email__startswith=GENERATED_EMAIL_PREFIX)
        .values_list("code", "pk")
        .iterator(20_000)
    )
    _gen_introductions(ctx, rng, interests, owners, ids)
    _gen_placements(ctx, rng, base, interests, owners, ids)
    ctx.progress.note(
        f"reactions: {len(interests):,} on {sum(1 for c in counts if c):,} of {len(live):,} assignments "
        f"({len(interests) / max(len(live), 1):.1f} each)"
    )


def _gen_introductions(
    ctx: Ctx, rng: random.Random, interests: list[Interest], owners: list[dict[str, Any]], ids: dict[uuid.UUID, int]
) -> None:
    """A planned introduction for every reaction at that stage; past ones for many decided reactions."""
    objs = []
    for interest, a in zip(interests, owners, strict=True):
        if interest.status == I.INTRODUCTION:
            planned = 1
        elif interest.status == I.SELECTED:
            planned = rng.choice([1, 1, 2])
        elif interest.status in (I.NOT_SELECTED, I.DECLINED) and rng.random() < 0.25:
            planned = 1
        else:
            continue
        for _ in range(planned):
            if interest.status == I.INTRODUCTION and a["status"] == S.OPEN:
                starts = ctx.now + dt.timedelta(days=rng.randint(1, 21), hours=rng.randint(-3, 4))
            else:
                starts = interest.created_at + dt.timedelta(days=rng.randint(2, 20))
            video = rng.random() < 0.6
            objs.append(
                Introduction(
                    code=rng_uuid(rng),
                    interest_id=ids[interest.code],
                    starts_at=starts.replace(minute=0, second=0, microsecond=0),
                    duration_minutes=rng.choice([30, 45, 45, 60]),
                    location="" if video else "Stadskantoor, vergaderruimte 2",
                    video_url=f"https://video.example.org/{rng.getrandbits(40):x}" if video else "",
                    planned_by_id=a["posted_by_id"],
                    created_at=interest.created_at,
                    updated_at=interest.created_at,
                )
            )
    copy_instances(Introduction, objs, progress=ctx.progress, label="introductions")


def _gen_placements(
    ctx: Ctx,
    rng: random.Random,
    base: GeneratedBase,
    interests: list[Interest],
    owners: list[dict[str, Any]],
    ids: dict[uuid.UUID, int],
) -> None:
    """A placement per selected reaction, with terms, a consent request and, when completed, references."""
    placements, chosen = [], []
    for interest, a in zip(interests, owners, strict=True):
        if interest.status != I.SELECTED:
            continue
        status = (
            Placement.Status.CANCELLED if a["status"] == S.CANCELLED else weighted(rng, PLACEMENT_STATUS[a["status"]])
        )
        start = a["start_date"] or (interest.created_at.date() + dt.timedelta(days=rng.randint(14, 40)))
        end = (
            a["end_date"]
            if a["end_date"] and a["end_date"] >= start
            else start + dt.timedelta(days=rng.randint(30, 200))
        )
        agreed = status in (Placement.Status.RUNNING, Placement.Status.COMPLETED) or rng.random() < 0.3
        decided = interest.updated_at
        placements.append(
            Placement(
                code=rng_uuid(rng),
                interest_id=ids[interest.code],
                assignment_id=a["pk"],
                professional_id=interest.professional_id,
                status=status,
                side_activity=weighted(rng, {"reported": 5, "not-yet": 2, "not-needed": 3, "": 1}),
                engagement_form_id=rng.choice(a["engagement_forms"]) if a["engagement_forms"] else None,
                hours_per_week=min(max(a["hours_per_week"], 1), 40),
                start_date=start,
                end_date=end,
                rate=a["rate"] if a["compensation"] == "public-rate" else None,
                pro_bono=a["compensation"] == "pro-bono",
                terms_confirmed_by_professional_at=decided + dt.timedelta(days=2) if agreed else None,
                terms_confirmed_by_client_at=decided + dt.timedelta(days=3) if agreed else None,
                started_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)
                if status in (Placement.Status.RUNNING, Placement.Status.COMPLETED)
                else None,
                completed_at=dt.datetime.combine(end, dt.time(17), tzinfo=dt.UTC)
                if status == Placement.Status.COMPLETED
                else None,
                created_at=decided,
                updated_at=decided,
            )
        )
        chosen.append((interest, a))
    copy_instances(Placement, placements, progress=ctx.progress, label="placements")
    pks = dict(
        Placement.objects.filter(professional__email__startswith=GENERATED_EMAIL_PREFIX).values_list("code", "pk")
    )
    consents, references = [], []
    for placement, (interest, a) in zip(placements, chosen, strict=True):
        pk = pks[placement.code]
        if placement.side_activity != "not-needed":
            decision = {
                Placement.Status.RUNNING: "consented",
                Placement.Status.COMPLETED: "consented",
            }.get(placement.status) or weighted(rng, {"pending": 5, "consented": 3, "declined": 1, "replaced": 1})
            sent = placement.created_at + dt.timedelta(hours=rng.randint(1, 48))
            consents.append(
                ConsentRequest(
                    placement_id=pk,
                    manager_email=f"{GENERATED_EMAIL_PREFIX}leidinggevende.{pk}@example.org",
                    language="nl",
                    nonce=f"{rng.getrandbits(192):048x}",
                    expires_at=sent + dt.timedelta(days=14),
                    sent_at=sent,
                    used_at=sent + dt.timedelta(days=rng.randint(0, 6))
                    if decision in ("consented", "declined")
                    else None,
                    decision=decision,
                    comment="Akkoord, succes!" if decision == "consented" and rng.random() < 0.3 else "",
                    created_at=placement.created_at,
                    updated_at=placement.created_at,
                )
            )
        if placement.status == Placement.Status.COMPLETED:
            professional_name = base.profiles[base.index_of_user[interest.professional_id]][6]
            poster_name = base.user_names.get(a["posted_by_id"], "")
            given = placement.completed_at + dt.timedelta(days=rng.randint(1, 20))
            for direction, author, author_name, about, share in [
                ("about-professional", a["posted_by_id"], poster_name, professional_name, 0.85),
                ("about-client", interest.professional_id, professional_name, poster_name, 0.7),
            ]:
                if rng.random() < share:
                    references.append(
                        Reference(
                            code=rng_uuid(rng),
                            placement_id=pk,
                            direction=direction,
                            author_id=author,
                            author_name=author_name or "Opdrachtgever",
                            text=rng.choice(REFERENCE_TEXTS).format(name=about or "de opdrachtnemer"),
                            rating=weighted(rng, {5: 5, 4: 4, 3: 1}),
                            created_at=given,
                            updated_at=given,
                        )
                    )
    copy_instances(ConsentRequest, consents, progress=ctx.progress, label="consent requests")
    copy_instances(Reference, references, progress=ctx.progress, label="references")


# Stored matches per published assignment on average, as a share of all active profiles: the
# fan-out stores a match for every profile scoring at least 50 (0.05 % = 100 at 200,000).
MATCH_SHARE = 0.0005
# ... but at most this many on average per assignment: at a million profiles 0.05 % would be 500 per
# assignment and 20 million rows; what an assignment matches is bounded by how specific it is,
# not by the population (the 200,000-profile data keeps its 100).
MATCH_MEAN_CAP = 100.0
MATCH_DELIVERY = {
    S.OPEN: {Delivery.NOTIFIED: 55, Delivery.DIGEST: 15, Delivery.DIGESTED: 15, Delivery.SKIPPED: 10, Delivery.NEW: 5},
    None: {Delivery.NOTIFIED: 60, Delivery.DIGESTED: 25, Delivery.SKIPPED: 15},
}


def gen_matches(ctx: Ctx) -> None:
    """Match rows as the fan-out leaves them: for every published assignment, lognormal counts
    around ``MATCH_SHARE`` of the profiles, only people open to assignments who may see it."""
    rng = step_rng(ctx, "matches")
    base = load_base(ctx)
    published = [a for a in base.assignments if a["status"] in Assignment.PUBLISHED]
    mean = min(max(len(base.profiles) * MATCH_SHARE, 1.0), MATCH_MEAN_CAP)
    mu = math.log(mean) - 0.5  # lognormal with sigma 1 has mean exp(mu + 1/2)

    def rows() -> Iterator[tuple[Any, ...]]:
        # Streamed into COPY: at 200,000 profiles there are over a million rows.
        for a in published:
            people = pick_people(rng, base, a, int(rng.lognormvariate(mu, 1.0)), open_only=True)
            asked = {e: base.expertise_names[e] for e in a["expertise"]}
            for i in people:
                yield _match(rng, ctx, base, a, i, asked)

    written = copy_rows(
        Match._meta.db_table,
        [
            "assignment_id",
            "profile_id",
            "score",
            "reasons",
            "delivery",
            "invited_at",
            "invited_by_id",
            "notification_id",
            "created_at",
            "updated_at",
        ],
        rows(),
        progress=ctx.progress,
        label="matches (estimated total)",
        total=round(mean * len(published)),
    )
    ctx.progress.note(f"matches: {written:,} on {len(published):,} published assignments")


def _match(
    rng: random.Random, ctx: Ctx, base: GeneratedBase, a: dict[str, Any], i: int, asked: dict[int, str]
) -> tuple[Any, ...]:
    profile_id, _, field_id, hours, _, _, _ = base.profiles[i]
    available = min(hours or 0, a["hours_per_week"])
    score = min(100, 50 + int(50 * rng.betavariate(1.2, 3)))
    reasons: list[dict[str, Any]] = []
    if asked:
        matched = sorted(rng.sample(sorted(asked.values()), rng.randint(1, len(asked))))
        reasons.append({"code": "expertise", "matched": matched, "asked": len(asked)})
    if a["field_of_work_id"] and field_id == a["field_of_work_id"]:
        reasons.append({"code": "field_of_work", "name": base.field_names[field_id]})
    if a["remote_option"] == "remote":
        reasons.append({"code": "remote"})
    elif a["region_id"] and rng.random() < 0.6:
        reasons.append({"code": "region", "name": base.region_names[a["region_id"]]})
    reasons.append({"code": "hours", "available": available, "asked": a["hours_per_week"]})
    created = (a["published_at"] or a["created_at"]) + dt.timedelta(minutes=rng.uniform(1, 30))
    invited = rng.random() < 0.03
    delivery = weighted(rng, MATCH_DELIVERY.get(a["status"], MATCH_DELIVERY[None]))
    return (
        a["pk"],
        profile_id,
        score,
        json.dumps(reasons),
        str(delivery),
        created + dt.timedelta(days=rng.uniform(0, 5)) if invited else None,
        a["posted_by_id"] if invited else None,
        None,
        created,
        created,
    )


# Share of active people with saved searches, and how many each (at most 25 are allowed).
SAVED_SEARCH_SHARE = 0.08
SAVED_SEARCHES_EACH = {1: 65, 2: 25, 3: 10}


def gen_saved_searches(ctx: Ctx) -> None:
    """Saved /klussen/ searches for ~8 % of the active people: words, field, region, form, hours."""
    from matching.saved_searches import SAVED_PARAMS, normalised_query

    rng = step_rng(ctx, "saved_searches")
    base = load_base(ctx)
    # Each parameter is read by its own field of the form: normalise every (name, value) pair
    # through the form once and join them in the form's order, the way ``normalised_query`` does
    # (at a million profiles, 116,000 searches through the whole form took minutes).
    one = functools.lru_cache(maxsize=None)(lambda name, value: normalised_query(urlencode({name: value})))

    def normalise(params: dict[str, str]) -> str:
        return "&".join(filter(None, (one(name, params[name]) for name in SAVED_PARAMS if name in params)))

    fields = list(FieldOfWork.objects.order_by("pk").values_list("pk", "slug"))
    field_slug = dict(fields)
    regions = list(Region.objects.order_by("pk").values_list("slug", flat=True))
    forms = list(EngagementForm.objects.order_by("pk").values_list("code", flat=True))
    topic_pick = Zipf(vocab.TOPICS, s=1.0)
    objs = []
    for _, user_id, field_id, _, _, _, _ in base.profiles:
        if rng.random() >= SAVED_SEARCH_SHARE:
            continue
        for n in range(weighted(rng, SAVED_SEARCHES_EACH)):
            params: dict[str, str] = {}
            words = ""
            if rng.random() < 0.6:
                words = topic_pick.one(rng)
                params["q"] = words
            if rng.random() < 0.35 or not params:
                params["field_of_work"] = field_slug.get(field_id) or rng.choice(fields)[1]
            if rng.random() < 0.3:
                params["region"] = rng.choice(regions)
            if rng.random() < 0.2:
                params["engagement_form"] = rng.choice(forms)
            if rng.random() < 0.1:
                params["remote"] = "remote"
            if rng.random() < 0.15:
                params["hours_max"] = str(rng.choice([8, 16, 24]))
            name = (words or params.get("field_of_work", "klussen")).replace("-", " ").capitalize()
            created = ctx.days_ago(rng.expovariate(1 / 120))
            objs.append(
                SavedSearch(
                    code=rng_uuid(rng),
                    user_id=user_id,
                    name=f"{name} ({n + 1})" if n else name,
                    query=normalise(params),
                    created_at=created,
                    updated_at=created,
                )
            )
    copy_instances(SavedSearch, objs, progress=ctx.progress, label="saved searches")


# The steps that can run on their own (``generate_only``), with what each writes: the
# generated rows of these models are what ``--only NAME`` finds (and skips) or replaces.
REACTION_STEPS: dict[str, tuple[Callable[[Ctx], None], list[tuple[type[models.Model], str]]]] = {
    "reactions": (gen_reactions, [(Interest, "professional__email__startswith")]),
    "matches": (gen_matches, [(Match, "profile__user__email__startswith")]),
    "saved_searches": (gen_saved_searches, [(SavedSearch, "user__email__startswith")]),
}


def fill_profile_audience(ctx: Ctx) -> None:
    """The profiles' maintained audience (issue 17 item 1): COPY wrote no rows and sent no signals,
    so it is built in bulk from the visibility rule once employments and memberships are in."""
    from profiles.audience import rebuild

    ctx.progress.note("profile audience")
    rows = rebuild()
    ctx.progress.note(f"profile audience: {rows:,} rows")
    from profiles import facets

    ctx.progress.note("profile filter keys")
    ctx.progress.note(f"profile filter keys: {facets.rebuild():,} profiles")
    from assignments import facets as assignment_facets

    ctx.progress.note(f"assignment filter keys: {assignment_facets.rebuild():,} assignments")


STEPS: list[Callable[[Ctx], None]] = [
    gen_taxonomies,
    gen_organisations,
    gen_networks,
    gen_users,
    gen_email_addresses,
    gen_employments,
    gen_profiles,
    gen_profile_tags,
    gen_memberships,
    gen_partnerships,
    gen_assignments,
    gen_assignment_tags,
    fill_search_vectors,
    gen_reactions,
    gen_matches,
    gen_saved_searches,
]


# --- the entry points ---


class ScaleDataError(Exception):
    pass


def generated_user_count() -> int:
    return User.objects.filter(email__startswith=GENERATED_EMAIL_PREFIX).count()


def check_database() -> None:
    if connection.vendor != "postgresql":
        raise ScaleDataError(
            "Scale data needs PostgreSQL (COPY, tsvector); this database is "
            f"{connection.vendor}. Set DATABASE_URL=postgres://… and try again."
        )


def clear(progress: Progress) -> None:
    """Delete generated rows through the ORM, in chunks, so every cascade (also of later models) runs."""
    check_database()
    users = User.objects.filter(email__startswith=GENERATED_EMAIL_PREFIX)
    if not User.objects.exclude(email__startswith=GENERATED_EMAIL_PREFIX).exists():
        # A dedicated bench database: every account is generated, so TRUNCATE … CASCADE removes
        # exactly the accounts and every row that points at them (at 200k users the ORM path
        # takes many minutes; this takes seconds).
        progress.note("clear: only generated accounts here, TRUNCATE marketplace_user CASCADE")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending FK checks
            cursor.execute('TRUNCATE "marketplace_user" CASCADE')
        Network.objects.filter(slug__startswith=GENERATED_NETWORK_PREFIX).delete()
        return
    assignment_ids = list(Assignment.objects.filter(posted_by__in=users).values_list("pk", flat=True))
    for i in range(0, len(assignment_ids), 2_000):
        Assignment.objects.filter(pk__in=assignment_ids[i : i + 2_000]).delete()
        progress.step("clear assignments", min(i + 2_000, len(assignment_ids)), len(assignment_ids))
    user_ids = list(users.values_list("pk", flat=True))
    for i in range(0, len(user_ids), 2_000):
        User.objects.filter(pk__in=user_ids[i : i + 2_000]).delete()
        progress.step("clear users", min(i + 2_000, len(user_ids)), len(user_ids))
    Network.objects.filter(slug__startswith=GENERATED_NETWORK_PREFIX).delete()


def analyze(*, vacuum: bool = False) -> None:
    """Flush the GIN pending lists and refresh the planner statistics (``vacuum``: VACUUM first).

    ``vacuum`` after a generation: the search-vector UPDATE leaves a dead version of every profile
    and assignment, and index-only scans need the visibility map; autovacuum would do both, but it
    may be off (it is on the development server) or far behind a bulk load. VACUUM cannot run in a
    transaction, so inside one (the tests) only ANALYZE runs.

    A bulk UPDATE of search_vector leaves every new entry in the GIN index's pending list (until
    autovacuum runs); the planner then costs an index scan so high that it reads the whole table
    instead. ``gin_clean_pending_list`` works inside a transaction, unlike VACUUM.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef ILIKE %s",
            [list(LARGE_TABLES), "%USING gin%"],
        )
        for (index,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        # Every table, not a chosen few: a link table without statistics (profile regions, engagement
        # forms) made the planner guess 2,001 rows for 90,463 and pick a 5-second plan. Autovacuum
        # would analyze them eventually; it may be off or behind on a freshly filled database.
        if vacuum and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


# Below this size the indexes stay in place during the load: rebuilding 73 of them costs more than
# keeping them current, and an index built in the same transaction as the load may be unusable to
# that transaction (PostgreSQL's ``indcheckxmin`` after earlier rolled-back rows, as in the tests).
DEFER_INDEXES_FROM = 50_000


def generate(
    *, profiles: int, assignments: int, seed: int = 42, anchor: dt.date | None = None, progress: Progress | None = None
) -> Ctx:
    """Fill the database; refuses on SQLite and when generated data exists (call ``clear`` first)."""
    check_database()
    if generated_user_count():
        raise ScaleDataError("Generated data already exists; use --clear to replace it.")
    if assignments and not profiles:
        raise ScaleDataError("Assignments need profiles (their posters); ask for at least one profile.")
    progress = progress or Progress()
    ctx = Ctx(
        rng=random.Random(seed),
        profiles=profiles,
        assignments=assignments,
        anchor=anchor or dt.date.today(),
        progress=progress,
    )
    ctx.seed = seed
    deferred = deferred_indexes(bulk_tables(), progress) if profiles >= DEFER_INDEXES_FROM else nullcontext()
    with transaction.atomic(), deferred:
        for step in STEPS:
            step(ctx)
    # The audience is derived from the visibility rule, which reads memberships and employments:
    # with their indexes and statistics in place. Inside the load (indexes deferred, no statistics)
    # each chunk of 50,000 profiles read the whole unindexed tables forty times: 15 minutes a chunk
    # at a million profiles, against 30 seconds here.
    analyze()
    with transaction.atomic():
        fill_profile_audience(ctx)
    progress.note("vacuum and analyze")
    analyze(vacuum=True)
    progress.note(f"done: {profiles:,} profiles, {assignments:,} assignments")
    return ctx


def generated_rows(name: str) -> int:
    """How many generated rows step ``name`` (a key of ``REACTION_STEPS``) has written."""
    _, written = REACTION_STEPS[name]
    return sum(model.objects.filter(**{lookup: GENERATED_EMAIL_PREFIX}).count() for model, lookup in written)


def generate_only(
    names: Sequence[str],
    *,
    seed: int = 42,
    anchor: dt.date | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> dict[str, str]:
    """Run the named reaction steps on a database that already holds generated people and assignments.

    A step whose rows are there already is skipped (so running it twice changes nothing),
    unless ``replace``: then its generated rows are deleted first and made again. Same seed and
    anchor, same rows as a full ``generate`` would have made. Returns what happened per step.
    """
    check_database()
    unknown = sorted(set(names) - set(REACTION_STEPS))
    if unknown:
        raise ScaleDataError(f"Unknown step(s) {', '.join(unknown)}; choose from {', '.join(REACTION_STEPS)}.")
    if not Assignment.objects.filter(posted_by__email__startswith=GENERATED_EMAIL_PREFIX).exists():
        raise ScaleDataError("No generated people and assignments here: run generate_scale_data without --only first.")
    progress = progress or Progress()
    ctx = Ctx(rng=random.Random(seed), profiles=0, assignments=0, anchor=anchor or dt.date.today(), progress=progress)
    ctx.seed = seed
    done: dict[str, str] = {}
    with transaction.atomic():
        for name in REACTION_STEPS:  # in STEPS order, whatever order they were asked in
            if name not in names:
                continue
            existing = generated_rows(name)
            if existing and not replace:
                progress.note(f"{name}: {existing:,} generated rows already here; skipped (--clear replaces them)")
                done[name] = "skipped"
                continue
            if existing:
                for model, lookup in REACTION_STEPS[name][1]:
                    deleted, _ = model.objects.filter(**{lookup: GENERATED_EMAIL_PREFIX}).delete()
                    progress.note(f"{name}: deleted {deleted:,} rows")
            REACTION_STEPS[name][0](ctx)
            done[name] = "replaced" if existing else "generated"
    progress.note("analyze")
    analyze()
    return done
