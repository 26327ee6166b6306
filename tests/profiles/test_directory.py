"""The talent directory /professionals/: one FilterSet on visible_to, bounded queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.models import Region
from profiles.models import CoreQuality, EngagementForm, Expertise, FieldOfWork, Profile, Visibility
from profiles.services import profile_refresh_search
from tests import factories

pytestmark = pytest.mark.django_db


def make_profiles(n: int, **kwargs):
    field = FieldOfWork.objects.get_or_create(slug="ruimte", defaults={"name": "Ruimtelijke ordening"})[0]
    tag = Expertise.objects.get_or_create(slug="omgevingswet", defaults={"name": "omgevingswet"})[0]
    zpp = EngagementForm.objects.get(code="zpp")
    profiles = []
    for i in range(n):
        user = factories.employee()
        profile = factories.ProfileFactory(user=user, field_of_work=field, visibility=Visibility.PUBLIC, **kwargs)
        profile.expertise.add(tag)
        profile.engagement_forms.add(zpp)
        profile.last_active_at = timezone.now() - timedelta(hours=i)
        profile.save(update_fields=["last_active_at"])
        profiles.append(profile)
    return profiles


def queries_for(client, url, n):
    make_profiles(n)
    client.get(url)  # Warm up: the first request of a session records the session itself.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/professionals/", "/professionals/?q=beleid&engagement=zpp&expertise=omgevingswet"])
def test_it_uses_the_same_number_of_queries_for_5_and_50_profiles(client, member, url, django_assert_max_num_queries):
    client.force_login(member)
    few = queries_for(client, url, 5)
    many = queries_for(client, url, 45)
    assert few == many
    with django_assert_max_num_queries(few):
        client.get(url)
    # The capped count and the per-field breakdown are one query (two before): 14 -> 13; a text
    # search reads its ranked candidates once more (profiles.selectors.ranked): 14 on SQLite.
    assert few <= (14 if "q=" in url else 13)


def test_it_pins_the_anonymous_directory_queries(client, django_assert_max_num_queries):
    make_profiles(5)
    # 10 -> 9: the capped count and the per-field breakdown are one query.
    with django_assert_max_num_queries(9):
        assert client.get("/professionals/").status_code == 200
    make_profiles(45)
    with django_assert_max_num_queries(9):
        assert client.get("/professionals/").status_code == 200


def test_it_paginates_and_counts_only_visible_profiles(client):
    make_profiles(25)
    factories.ProfileFactory(
        user=factories.employee(), visibility=Visibility.PLATFORM, display_name="Verborgen Persoon"
    )
    response = client.get("/professionals/")
    assert response.context["page"].paginator.count == 25
    assert len(response.context["page"].object_list) == 20
    assert "25 professionals found" in response.content.decode() or "25 " in response.content.decode()
    assert "Verborgen Persoon" not in response.content.decode()
    assert response.context["fields"] == [
        {"field_of_work__slug": "ruimte", "field_of_work__name": "Ruimtelijke ordening", "n": 25}
    ]
    second = client.get("/professionals/?page=2")
    assert len(second.context["page"].object_list) == 5


def test_it_sorts_by_recent_activity(client):
    profiles = make_profiles(3)
    response = client.get("/professionals/")
    assert list(response.context["page"].object_list) == profiles


def test_it_renders_a_fragment_for_htmx(client):
    make_profiles(2)
    response = client.get("/professionals/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<form" not in response.content.decode()
    assert "<html" not in response.content.decode()
    plain = client.get("/professionals/")
    assert "<form" in plain.content.decode()


def _codes(response):
    return {p.code for p in response.context["page"].object_list}


def test_it_filters_by_each_field(client, network, organisation, other_organisation):
    base = make_profiles(1)[0]
    quality = CoreQuality.objects.create(name="Daadkracht test", slug="daadkracht-test")
    region = Region.objects.get(slug=Region.objects.first().slug)
    special_user = factories.employee(organisation)
    factories.MembershipFactory(user=special_user, network=network)
    special = factories.ProfileFactory(
        user=special_user,
        visibility=Visibility.PUBLIC,
        hours_per_week=32,
        available_from=date(2027, 1, 1),
        available_until=date(2027, 6, 30),
    )
    special.core_qualities.add(quality)
    special.regions.add(region)
    special.engagement_forms.add(EngagementForm.objects.get(code="pro-bono"))
    special.expertise.add(Expertise.objects.create(name="data-analyse", slug="data-analyse"))
    cases = {
        f"quality={quality.slug}": {special.code},
        "hours=20": {special.code},
        "engagement=pro-bono": {special.code},
        "engagement=zpp": {base.code},
        f"organisation={organisation.slug}": {special.code},
        f"network={network.slug}": {special.code},
        f"region={region.slug}": {special.code},
        "expertise=Data-Analyse": {special.code},
        "field_of_work=ruimte": {base.code},
        "free_from=2027-07-01": {base.code},
        "free_from=2027-03-01&free_until=2027-04-01": {base.code, special.code},
        "free_until=2026-12-01": {base.code},
    }
    for query, expected in cases.items():
        assert _codes(client.get(f"/professionals/?{query}")) == expected, query


def test_it_never_widens_visibility_through_a_filter(client, network, organisation):
    user = factories.employee(organisation)
    factories.MembershipFactory(user=user, network=network)
    factories.ProfileFactory(user=user, visibility=Visibility.NETWORK, display_name="Netwerk Persoon")
    response = client.get(f"/professionals/?network={network.slug}")
    assert response.context["page"].paginator.count == 0


def test_it_searches_text_on_every_database(client):
    factories.ProfileFactory(user=factories.employee(), visibility=3, headline="Specialist grondwaterbeheer")
    factories.ProfileFactory(user=factories.employee(), visibility=3, headline="Jurist arbeidsrecht")
    for profile in Profile.objects.all():
        profile_refresh_search(profile=profile)
    response = client.get("/professionals/?q=grondwaterbeheer")
    assert [p.headline for p in response.context["page"].object_list] == ["Specialist grondwaterbeheer"]


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="Dutch stemming needs PostgreSQL")
def test_it_finds_dutch_stems_and_ranks_by_relevance(client):
    exact = factories.ProfileFactory(user=factories.employee(), visibility=3, headline="Beleidsadviseur wonen")
    bio_only = factories.ProfileFactory(
        user=factories.employee(), visibility=3, headline="Projectleider", bio="Eerder beleidsadviseur geweest."
    )
    factories.ProfileFactory(user=factories.employee(), visibility=3, headline="Jurist", bio="Arbeidsrecht")
    for profile in Profile.objects.all():
        profile_refresh_search(profile=profile)
    response = client.get("/professionals/?q=beleidsadviseurs")
    assert [p.code for p in response.context["page"].object_list] == [exact.code, bio_only.code]


def test_it_ignores_unknown_filter_values(client):
    make_profiles(2)
    response = client.get("/professionals/?field_of_work=bestaat-niet&hours=veel&free_from=gisteren&page=99")
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_it_counts_at_most_the_cap_and_says_so(client, monkeypatch):
    monkeypatch.setattr("marketplace.lib.pagination.COUNT_CAP", 3)
    make_profiles(5)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/professionals/")
    body = response.content.decode()
    assert "More than 3 professionals found" in body
    # The breakdown per field is left out rather than counted over every visible profile.
    assert "Ruimtelijke ordening: " not in body
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts), counts


def test_it_counts_exactly_under_the_cap(client, monkeypatch):
    monkeypatch.setattr("marketplace.lib.pagination.COUNT_CAP", 3)
    make_profiles(2)
    body = client.get("/professionals/").content.decode()
    assert "2 professionals found" in body
    assert "Ruimtelijke ordening: 2" in body


def test_it_counts_and_breaks_down_by_field_in_one_query(client, django_assert_num_queries):
    from profiles.selectors import capped_count_and_fields

    make_profiles(4)
    other = FieldOfWork.objects.create(slug="zorg", name="Zorg")
    factories.ProfileFactory(user=factories.employee(), field_of_work=other, visibility=Visibility.PUBLIC)
    factories.ProfileFactory(user=factories.employee(), field_of_work=None, visibility=Visibility.PUBLIC)
    visible = Profile.objects.visible_to(factories.UserFactory())
    with django_assert_num_queries(1):
        total, fields = capped_count_and_fields(visible, cap=10)
    # The slow way: the ORM's own grouped count over the same visible profiles.
    slow = list(
        visible.order_by()
        .filter(field_of_work__isnull=False)
        .values("field_of_work__slug", "field_of_work__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "field_of_work__name")
    )
    assert (total, fields) == (6, slow)
    # Past the cap the count stops at cap + 1 (the breakdown is then not shown).
    assert capped_count_and_fields(visible, cap=3)[0] == 4


def _searchable(headline: str, bio: str, hours_ago: int) -> Profile:
    profile = factories.ProfileFactory(user=factories.employee(), visibility=3, headline=headline, bio=bio)
    profile.last_active_at = timezone.now() - timedelta(hours=hours_ago)
    profile.save(update_fields=["last_active_at"])
    profile_refresh_search(profile=profile)
    return profile


@pytest.fixture
def five_matches():
    """Five profiles that mention grondwaterbeheer, newest first; the second and the last in their headline."""
    return [
        _searchable(headline, bio, hours_ago)
        for hours_ago, (headline, bio) in enumerate(
            [
                ("Beleidsadviseur", "Ervaring met grondwaterbeheer."),
                ("Specialist grondwaterbeheer", "Waterschap."),
                ("Projectleider", "Ook grondwaterbeheer gedaan."),
                ("Jurist", "Grondwaterbeheer en vergunningen."),
                ("Adviseur grondwaterbeheer", "Provincie."),
            ]
        )
    ]


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="ranking needs PostgreSQL")
def test_it_ranks_every_match_under_the_cap(client, five_matches):
    codes = [p.code for p in client.get("/professionals/?q=grondwaterbeheer").context["page"].object_list]
    # The two headline matches first (the more recently active of them first), then the rest by activity.
    _newest, headline, _, _, oldest_headline = five_matches
    assert codes[:2] == [headline.code, oldest_headline.code]
    assert sorted(codes) == sorted(p.code for p in five_matches)


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="ranking needs PostgreSQL")
def test_past_the_cap_it_ranks_the_most_recently_active_matches(client, monkeypatch, five_matches):
    """A common word must not rank every match (seconds at a million): the cap + 1 most recently active are ranked."""
    monkeypatch.setattr("marketplace.lib.pagination.COUNT_CAP", 3)
    response = client.get("/professionals/?q=grondwaterbeheer")
    codes = [p.code for p in response.context["page"].paginator.object_list]
    newest, headline, third, fourth, _oldest_headline = five_matches
    assert codes == [headline.code, newest.code, third.code, fourth.code]
    assert "More than 3 professionals found: the most recently active of them" in response.content.decode()


def test_past_the_cap_the_filtered_search_still_shows_only_visible_profiles(client, monkeypatch, five_matches):
    monkeypatch.setattr("marketplace.lib.pagination.COUNT_CAP", 1)
    hidden = _searchable("Specialist grondwaterbeheer", "Nu.", 0)
    hidden.visibility = Visibility.PRIVATE
    hidden.save(update_fields=["visibility"])
    codes = [p.code for p in client.get("/professionals/?q=grondwaterbeheer").context["page"].paginator.object_list]
    assert hidden.code not in codes
    assert len(codes) == 2


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="ranking needs PostgreSQL")
def test_the_ranked_candidates_go_to_postgresql_as_one_parameter(client, five_matches):
    """Up to 1,001 candidate ids as separate parameters cost more CPU to build and split than the
    statement took to run (issue 17): the count and the page pass them as one array."""
    widest: list[int] = []

    def record(execute, sql, params, many, context):
        widest.append(len(params or ()))
        return execute(sql, params, many, context)

    for hours_ago in range(5, 25):
        _searchable("Adviseur", "Grondwaterbeheer bij het waterschap.", hours_ago)
    with connection.execute_wrapper(record):
        page = client.get("/professionals/?q=grondwaterbeheer").context["page"]
    assert len(page.paginator.object_list) == 25
    assert max(widest) < 25


def _unrelated_words(n: int) -> str:
    """``n`` distinct words that compress badly (hex digests), so their vector cannot fit a btree entry."""
    import hashlib

    return " ".join("x" + hashlib.sha256(str(i).encode()).hexdigest()[:12] for i in range(n))


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the indexed copy of the vector is PostgreSQL's")
@pytest.mark.parametrize(
    "text",
    ["grondwaterbeheer", "grondwaterbeheer -provincie", '"specialist grondwaterbeheer"', "hydroloog or jurist"],
)
def test_the_index_walk_finds_and_ranks_what_the_text_index_does(client, monkeypatch, five_matches, text):
    """A common word is tested and ranked on ``search_words`` in the index; a vector too long for an
    index entry is NULL there and tested in the row, so the walk loses nothing and ranks the same."""
    long = _searchable("Hydroloog", f"{_unrelated_words(400)} grondwaterbeheer", 7)
    # Saved, though its vector is far longer than an index entry can hold (the index would refuse it).
    assert Profile.objects.filter(pk=long.pk, search_words__isnull=True, search_vector__isnull=False).exists()
    assert not Profile.objects.filter(pk__in=[p.pk for p in five_matches], search_words__isnull=True).exists()

    def results(walks: bool) -> list[str]:
        monkeypatch.setattr("profiles.filters.walks_the_order", lambda _text: walks)
        page = client.get("/professionals/", {"q": text}).context["page"]
        return [p.code for p in page.paginator.object_list[:]]

    walked = results(True)
    assert walked == results(False)
    assert walked
    if text in ("grondwaterbeheer", "hydroloog or jurist"):
        assert long.code in walked


def test_a_text_search_pages_and_breaks_down_its_ranked_results_as_the_queryset_does(client):
    """A text search's results are a ``Ranked`` list: its pages, count and per-field breakdown are
    those of the same matches read as a queryset (the plain directory's way)."""
    from profiles.selectors import capped_count_and_fields

    water = FieldOfWork.objects.create(slug="water", name="Water")
    ruimte = FieldOfWork.objects.get_or_create(slug="ruimte", defaults={"name": "Ruimtelijke ordening"})[0]
    matches = []
    for i in range(25):
        profile = _searchable("Adviseur grondwaterbeheer", "Waterschap.", i)
        field = water if i % 3 == 0 else None if i == 4 else ruimte
        Profile.objects.filter(pk=profile.pk).update(field_of_work=field)
        matches.append(profile)
    _searchable("Jurist", "Vergunningen.", 30)  # no match

    first = client.get("/professionals/", {"q": "grondwaterbeheer"})
    second = client.get("/professionals/", {"q": "grondwaterbeheer", "page": 2})
    shown = [p.code for p in first.context["page"].object_list] + [p.code for p in second.context["page"].object_list]
    assert len(first.context["page"].object_list) == 20 and len(shown) == 25
    assert sorted(shown) == sorted(p.code for p in matches)
    # Every card has what it shows: the field and the employer come with the page's profiles.
    assert all(p.user.employment.organisation for p in first.context["page"].object_list)

    as_queryset = Profile.objects.filter(pk__in=[p.pk for p in matches])
    assert first.context["page"].paginator.count == 25
    assert first.context["fields"] == capped_count_and_fields(as_queryset, cap=1000)[1]
    slow = dict(
        as_queryset.filter(field_of_work__isnull=False).values_list("field_of_work__slug").annotate(n=Count("pk"))
    )
    assert {row["field_of_work__slug"]: row["n"] for row in first.context["fields"]} == slow
    assert slow == {"water": 9, "ruimte": 15}
