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
import itertools
import random
import sys
import time
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from allauth.account.models import EmailAddress
from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.utils.text import slugify

from assignments.models import Assignment
from bench import vocab
from marketplace.models import User
from networks import demo as network_demo
from networks.models import Employment, Membership, Network, Organisation, Participation, Partnership, Region
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


class Progress:
    """A one-line progress indicator on stderr."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.started = time.perf_counter()

    def step(self, label: str, done: int, total: int) -> None:
        if self.quiet:
            return
        pct = 100 * done // max(total, 1)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r[{elapsed:6.1f}s] {label:<28} {done:>9,}/{total:,} ({pct:3d}%)")
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
                progress.step(label, written, total)
    progress.step(label, written, max(total, written))
    return written


def copy_instances(
    model: type[models.Model], objs: Sequence[models.Model], *, progress: Progress, label: str | None = None
) -> int:
    """COPY unsaved model instances (like ``bulk_create`` without ids, signals or batches)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
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
        total=len(objs),
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
    user_ids: list[int] = field(default_factory=list)
    employees_by_org: dict[int, list[int]] = field(default_factory=dict)
    profile_ids: list[int] = field(default_factory=list)
    assignment_ids: list[int] = field(default_factory=list)
    # Topics drawn per profile / assignment, reused for the M2M tags so text and tags agree.
    profile_topics: list[list[int]] = field(default_factory=list)
    assignment_topics: list[list[int]] = field(default_factory=list)
    assignment_networks: list[list[int]] = field(default_factory=list)
    assignment_posters: list[int] = field(default_factory=list)

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
    """The real organisations (networks.demo) with Zipf-like sizes."""
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
    objs = []
    for i in range(ctx.profiles):
        first, middle, last = _name(rng)
        org = ctx.org_pick.one(rng) if rng.random() >= 0.03 else None
        domain = ctx.domains[org.pk] if org else rng.choice(["example.com", "example.net", "example.org"])
        local = slugify(f"{first}.{middle}{last}").replace("-", "")
        email = f"{GENERATED_EMAIL_PREFIX}{local}.{i}@{domain}"
        joined = ctx.days_ago(rng.uniform(0, 900))
        objs.append(
            User(
                email=email,
                password=UNUSABLE_PASSWORD,
                full_name=f"{first} {middle}{last}",
                language="nl" if rng.random() < 0.93 else "en",
                is_active=rng.random() >= 0.02,
                date_joined=joined,
            )
        )
        ctx.user_rows.append((email, org.pk if org else None))
    copy_instances(User, objs, progress=ctx.progress, label="users")
    ids = dict(
        User.objects.filter(email__startswith=GENERATED_EMAIL_PREFIX).values_list("email", "pk").iterator(10_000)
    )
    ctx.user_ids = [ids[email] for email, _ in ctx.user_rows]
    for user_id, (_, org_id) in zip(ctx.user_ids, ctx.user_rows, strict=True):
        if org_id is not None:
            ctx.employees_by_org.setdefault(org_id, []).append(user_id)


def gen_email_addresses(ctx: Ctx) -> None:
    """Every generated address is verified and primary (allauth)."""
    objs = [
        EmailAddress(user_id=user_id, email=email, verified=True, primary=True)
        for user_id, (email, _) in zip(ctx.user_ids, ctx.user_rows, strict=True)
    ]
    copy_instances(EmailAddress, objs, progress=ctx.progress, label="email addresses")


def gen_employments(ctx: Ctx) -> None:
    """The employer link that employment_sync would derive from the verified address."""
    objs = [
        Employment(user_id=user_id, organisation_id=org_id, email=email, created_at=ctx.now, updated_at=ctx.now)
        for user_id, (email, org_id) in zip(ctx.user_ids, ctx.user_rows, strict=True)
        if org_id is not None
    ]
    copy_instances(Employment, objs, progress=ctx.progress, label="employments")


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
    users = User.objects.in_bulk(ctx.user_ids)
    objs = []
    for user_id, (_, org_id) in zip(ctx.user_ids, ctx.user_rows, strict=True):
        user = users[user_id]
        topics_idx = topic_pick.distinct(rng, rng.randint(1, 6))
        ctx.profile_topics.append(topics_idx)
        topics = [ctx.expertise_names[ctx.expertise[i]] for i in topics_idx]
        field_id = field_pick.one(rng) if rng.random() < 0.92 else None
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
        objs.append(
            Profile(
                code=rng_uuid(rng),
                user_id=user_id,
                display_name=user.full_name,
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
                contact_email=user.email if rng.random() < 0.5 else "",
                visibility=visibility,
                contact_visibility=rng.randint(0, visibility),
                is_hidden=rng.random() < 0.01,
                last_active_at=ctx.days_ago(rng.expovariate(1 / 60)),
                created_at=user.date_joined,
                updated_at=user.date_joined,
            )
        )
    del users
    copy_instances(Profile, objs, progress=ctx.progress, label="profiles")
    ids = dict(Profile.objects.filter(user_id__in=ctx.user_ids).values_list("user_id", "pk").iterator(10_000))
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
    user_names = dict(User.objects.filter(pk__in=ctx.user_ids).values_list("pk", "full_name").iterator(10_000))
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


def analyze() -> None:
    """Flush the GIN pending lists and refresh the planner statistics.

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
        for table in [
            *LARGE_TABLES,
            "networks_employment",
            "profiles_profile_expertise",
            "assignments_assignment_networks",
            "assignments_assignment_engagement_forms",
        ]:
            cursor.execute(f'ANALYZE "{table}"')


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
    with transaction.atomic():
        for step in STEPS:
            step(ctx)
    progress.note("analyze")
    analyze()
    progress.note(f"done: {profiles:,} profiles, {assignments:,} assignments")
    return ctx
