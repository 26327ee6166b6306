"""Creating and editing one's own profile: /professionals/mijn-profiel/."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments.models import Assignment
from marketplace.models import AuditEntry
from networks.models import Region
from profiles.models import CoreQuality, EngagementForm, Expertise, Profile, Visibility
from tests import factories
from tests.profiles.factories import PDF, PDF_WITH_HTML, ExperienceFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "display_name": "Sanne de Vries",
        "headline": "Beleidsadviseur wonen",
        "job_title": "Senior beleidsadviseur",
        "bio": "Ik werk aan betaalbaar wonen.",
        "expertise_text": "  Omgevingswet ,participatie,, omgevingswet, Project   Leiding ",
        "hours_per_week": "16",
        "visibility": "2",
        "contact_visibility": "1",
        "phone": "06-11112222",
        "engagement_forms": [str(EngagementForm.objects.get(code="zpp").pk)],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_requires_login(client):
    response = client.get("/professionals/mijn-profiel/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_an_empty_form_with_the_employer_read_only(client, owner):
    client.force_login(owner)
    response = client.get("/professionals/mijn-profiel/")
    assert response.status_code == 200
    assert "Gemeente Tilburg" in response.content.decode()
    assert "employer" not in response.context["form"].fields


def test_it_creates_one_profile_with_normalised_expertise(client, owner):
    client.force_login(owner)
    response = client.post("/professionals/mijn-profiel/", form_data())
    assert response.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert sorted(profile.expertise.values_list("name", flat=True)) == [
        "omgevingswet",
        "participatie",
        "project leiding",
    ]
    assert list(profile.engagement_forms.values_list("code", flat=True)) == ["zpp"]
    assert AuditEntry.objects.filter(action="profiles.profile.created", target_id=str(profile.pk)).exists()
    client.post("/professionals/mijn-profiel/", form_data(display_name="Sanne V."))
    assert Profile.objects.filter(user=owner).count() == 1
    assert Profile.objects.get(user=owner).display_name == "Sanne V."
    assert Expertise.objects.filter(name="omgevingswet").count() == 1


def test_it_ignores_an_attempt_to_set_the_user_or_employer(client, owner, outsider):
    client.force_login(owner)
    client.post("/professionals/mijn-profiel/", form_data(user=str(outsider.pk), employer="Gemeente Breda"))
    assert Profile.objects.get(user=owner)
    assert not Profile.objects.filter(user=outsider).exists()


def test_it_refuses_contact_details_more_open_than_the_profile(client, owner):
    client.force_login(owner)
    response = client.post("/professionals/mijn-profiel/", form_data(visibility="1", contact_visibility="3"))
    assert response.status_code == 400
    assert "contact_visibility" in response.context["form"].errors
    assert not Profile.objects.filter(user=owner).exists()


def test_it_keeps_everything_typed_when_an_upload_is_refused(client, owner):
    client.force_login(owner)
    data = form_data(cv_file=SimpleUploadedFile("cv.pdf", PDF_WITH_HTML, content_type="application/pdf"))
    response = client.post("/professionals/mijn-profiel/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "cv_file" in form.errors
    html = response.content.decode()
    assert 'value="Sanne de Vries"' in html
    assert "Ik werk aan betaalbaar wonen." in html
    assert 'value="06-11112222"' in html
    assert not Profile.objects.filter(user=owner).exists()


def test_it_stores_a_cv_under_a_random_name(client, owner, private_media):
    client.force_login(owner)
    upload = SimpleUploadedFile("../../Mijn CV <script>.pdf", PDF, content_type="text/html")
    response = client.post("/professionals/mijn-profiel/", form_data(cv_file=upload))
    assert response.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert profile.cv.name.startswith("cv/") and profile.cv.name.endswith(".pdf")
    assert "Mijn" not in profile.cv.name and "script" not in profile.cv.name
    assert (private_media / profile.cv.name).read_bytes() == PDF


def test_it_replaces_and_removes_the_cv(client, owner, private_media):
    client.force_login(owner)
    client.post("/professionals/mijn-profiel/", form_data(cv_file=SimpleUploadedFile("a.pdf", PDF)))
    first = Profile.objects.get(user=owner).cv.name
    client.post("/professionals/mijn-profiel/", form_data(cv_file=SimpleUploadedFile("b.pdf", PDF)))
    second = Profile.objects.get(user=owner).cv.name
    assert first != second
    assert not (private_media / first).exists()
    client.post("/professionals/mijn-profiel/", form_data(remove_cv="on"))
    assert not Profile.objects.get(user=owner).cv
    assert not (private_media / second).exists()


def test_it_records_a_suggested_core_quality_unapproved(client, owner):
    client.force_login(owner)
    client.post("/professionals/mijn-profiel/", form_data(suggest_quality="Vindingrijkheid"))
    quality = CoreQuality.objects.get(name="Vindingrijkheid")
    assert quality.is_approved is False
    response = client.get("/professionals/mijn-profiel/")
    assert quality not in response.context["form"].fields["core_qualities"].queryset


def test_it_suggests_existing_expertise_for_the_last_word(client, owner):
    factories.ProfileFactory().expertise.add(
        Expertise.objects.create(name="omgevingswet", slug="omgevingswet"),
        Expertise.objects.create(name="onderwijs", slug="onderwijs"),
    )
    client.force_login(owner)
    response = client.get("/professionals/expertise/", {"expertise_text": "participatie, omg"})
    assert response.status_code == 200
    assert 'data-tag="omgevingswet"' in response.content.decode()
    assert "onderwijs" not in response.content.decode()


def test_it_adds_and_removes_experience(client, owner):
    profile = factories.ProfileFactory(user=owner)
    client.force_login(owner)
    response = client.post(
        "/professionals/mijn-profiel/ervaring/",
        {"kind": "education", "title": "Master Bestuurskunde", "organisation_name": "Tilburg University"},
    )
    assert response.status_code == 302
    entry = profile.experience.get()
    assert entry.kind == "education"
    assert client.post(f"/professionals/mijn-profiel/ervaring/{entry.pk}/verwijderen/").status_code == 302
    assert not profile.experience.exists()


def test_it_does_not_remove_someone_elses_experience(client, owner, outsider):
    factories.ProfileFactory(user=owner)
    entry = ExperienceFactory(profile=factories.ProfileFactory(user=outsider))
    client.force_login(owner)
    assert client.post(f"/professionals/mijn-profiel/ervaring/{entry.pk}/verwijderen/").status_code == 404
    assert entry.__class__.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "path",
    ["/professionals/mijn-profiel/ervaring/", "/professionals/mijn-profiel/ervaring/1/verwijderen/"],
)
def test_it_rejects_get(client, owner, path):
    factories.ProfileFactory(user=owner)
    client.force_login(owner)
    assert client.get(path).status_code == 405


def test_it_shows_completeness_tips(client, owner):
    factories.ProfileFactory(user=owner, headline="", hours_per_week=None)
    client.force_login(owner)
    response = client.get("/professionals/mijn-profiel/")
    score, tips = response.context["completeness"]
    assert 0 <= score < 50
    assert "Add your availability (hours a week and from when) to be matched." in [t.text for t in tips if not t.done]
    assert "<meter" in response.content.decode()


def test_it_accepts_a_public_rate_only_with_zpp(client, owner):
    client.force_login(owner)
    pro_bono = str(EngagementForm.objects.get(code="pro-bono").pk)
    response = client.post("/professionals/mijn-profiel/", form_data(hourly_rate="95", engagement_forms=[pro_bono]))
    assert response.status_code == 400
    assert "hourly_rate" in response.context["form"].errors
    assert client.post("/professionals/mijn-profiel/", form_data(hourly_rate="95")).status_code == 302
    assert Profile.objects.get(user=owner).hourly_rate == 95


def test_it_gives_a_nameless_account_the_profiles_name(db):
    from profiles.services import profile_save

    user = factories.UserFactory(full_name="")

    profile_save(user=user, data={"display_name": "Sanne de Vries"}, expertise=[])

    user.refresh_from_db()
    assert user.full_name == "Sanne de Vries"
    assert str(user) == "Sanne de Vries"


@pytest.mark.parametrize("filled", [(), ("expertise", "regions"), ("core_qualities", "engagement_forms", "experience")])
def test_completeness_reads_the_same_from_the_flags_as_from_the_relations(owner, filled, django_assert_num_queries):
    from profiles.selectors import completeness, with_completeness

    profile = factories.ProfileFactory(user=owner, remote=False)
    for relation in ("expertise", "core_qualities", "engagement_forms", "regions"):
        getattr(profile, relation).clear()
    if "expertise" in filled:
        profile.expertise.add(Expertise.objects.create(name="Omgevingswet", slug="omgevingswet-x"))
    if "core_qualities" in filled:
        profile.core_qualities.add(CoreQuality.objects.first())
    if "engagement_forms" in filled:
        profile.engagement_forms.add(EngagementForm.objects.first())
    if "regions" in filled:
        profile.regions.add(Region.objects.first())
    if "experience" in filled:
        ExperienceFactory(profile=profile)

    expected = completeness(Profile.objects.get(pk=profile.pk))
    flagged = with_completeness(Profile.objects.filter(pk=profile.pk)).get()
    with django_assert_num_queries(0):
        assert completeness(flagged) == expected


def suggested(client, user, prefix):
    if user is not None:
        client.force_login(user)
    response = client.get("/professionals/expertise/", {"expertise_text": prefix})
    assert response.status_code == 200
    return set(re.findall(r'data-tag="([^"]+)"', response.content.decode()))


def test_it_suggests_only_tags_the_viewer_may_see_in_use(client, owner, outsider, visitor, organisation, network):
    tag = {
        name: Expertise.objects.create(name=name, slug=name)
        for name in ["geheim-privé", "geheim-intern", "geheim-netwerk", "geheim-openbaar", "geheim-klus", "geheim-wees"]
    }
    factories.ProfileFactory(visibility=Visibility.PRIVATE).expertise.add(tag["geheim-privé"])
    factories.ProfileFactory(visibility=Visibility.PUBLIC).expertise.add(tag["geheim-openbaar"])
    factories.AssignmentFactory(organisation=organisation, audience=Assignment.Audience.ORGANISATION).expertise.add(
        tag["geheim-intern"]
    )
    factories.AssignmentFactory(
        organisation=organisation, audience=Assignment.Audience.NETWORKS, networks=[network]
    ).expertise.add(tag["geheim-netwerk"])
    factories.AssignmentFactory(organisation=organisation).expertise.add(tag["geheim-klus"])

    assert suggested(client, visitor, "geheim") == {"geheim-openbaar", "geheim-klus"}
    assert suggested(client, outsider, "geheim") == {"geheim-openbaar", "geheim-klus"}
    # The owner works at the posting organisation: the organisation-only assignment's tag too.
    assert suggested(client, owner, "geheim") == {"geheim-openbaar", "geheim-klus", "geheim-intern"}


def test_it_suggests_the_tags_of_the_viewers_own_private_profile(client, owner):
    factories.ProfileFactory(user=owner, visibility=Visibility.PRIVATE).expertise.add(
        Expertise.objects.create(name="eigen-tag", slug="eigen-tag")
    )
    assert suggested(client, owner, "eigen") == {"eigen-tag"}


def test_it_suggests_in_a_fixed_number_of_queries(client, owner, organisation, django_assert_max_num_queries):
    for i in range(12):
        tag = Expertise.objects.create(name=f"vast-{i}", slug=f"vast-{i}")
        factories.ProfileFactory(visibility=Visibility.PUBLIC).expertise.add(tag)
        factories.AssignmentFactory(organisation=organisation).expertise.add(tag)
    client.force_login(owner)
    with django_assert_max_num_queries(8):
        response = client.get("/professionals/expertise/", {"expertise_text": "vast"})
    assert response.content.decode().count("data-tag=") == 8
