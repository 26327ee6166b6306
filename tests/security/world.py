"""The leak crawl's world: every text a person can write, on every model, carrying a marker.

A marker names who may read it (its scope). ``build_world`` fills every CharField, TextField
and FileField of every model of the domain apps with markers, at every visibility level and
workflow state; ``test_every_written_field_is_in_the_crawl_world`` fails when a field holds no
marker and is not on ``NEVER_SHOWN`` (a new model or field cannot ship without the crawl
covering it). Markers are lower case (tags, slugs and email addresses are lowered) and of one
length, so none is a prefix of another.
"""

from __future__ import annotations

import datetime
import itertools

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from assignments.models import Assignment
from marketplace.models import AuditEntry, Notification
from networks.models import Membership, Participation
from profiles.models import ExperienceEntry, PortfolioEntry, Visibility
from tests import factories
from tests.profiles.factories import ShareLinkFactory
from tests.security.federation_world import federation_world

# Who may read a marker of each scope.
PERSONAS = ["anonymous", "visitor", "outsider", "suspended", "left_employer", "coordinator_at_poster", "independent"]
VERIFIED = {"outsider", "suspended", "left_employer", "coordinator_at_poster"}
ALLOWED: dict[str, set[str]] = {
    "public": set(PERSONAS),  # everyone, by design (public profile, public assignment, taxonomy)
    "platform": VERIFIED,  # every verified civil servant
    # members of the network, and the independent its coordinator admitted (networks.independents)
    "network": {"coordinator_at_poster", "independent"},
    "org": {"coordinator_at_poster"},  # employees of the posting organisation
    "coord": {"coordinator_at_poster"},  # a network's coordinators (private profiles, contact)
    "netwrk": {"coordinator_at_poster"},  # the workflow of a network assignment (coordinators follow it)
    "orgwrk": set(),  # the workflow of an organisation-only assignment: the people involved only
    # A public profile in discreet mode, of an employee of the poster's organisation (where the
    # coordinator works) that also hides from other_organisation (outsider, suspended): only a
    # verified civil servant of a third organisation may read it.
    "discrt": {"left_employer"},
    "owner": set(),  # one person's own data (notifications, saved searches, share links, audit)
    "indep": {"coordinator_at_poster", "independent"},  # an admission: the coordinators and the person
}

# Fields that are never shown to anyone but their owner or staff, or are codes, not text a
# person writes; each with its reason. Everything else must carry a marker in the world.
NEVER_SHOWN: dict[str, str] = {
    "marketplace.User.password": "a password hash; never rendered",
    "marketplace.Notification.kind": "a code the program chooses (e.g. 'assignments.interest.new')",
    "marketplace.AuditEntry.action": "a code the program chooses",
    "marketplace.AuditEntry.target_id": "a primary key",
    "marketplace.AuditEntry.from_state": "a state code",
    "marketplace.AuditEntry.to_state": "a state code",
    "networks.Invitation.token_hash": "a hash of the random token; the token is only in the email",
    "profiles.ShareLink.token_hash": "a hash of the random token; the link is shown once, to its owner",
    "profiles.Profile.facet_keys": "ids of the profile's engagement forms and regions for the directory's filters; "
    "derived by the program from the links, never rendered",
    "assignments.Assignment.facet_keys": "ids of the assignment's engagement forms for /klussen/'s filter and counts; "
    "derived by the program from the links, never rendered",
    "placements.ConsentRequest.nonce": "random nonce inside the signed link; never rendered",
    "placements.Reference.signature": "a signature the server computes over the reference; public by design",
    "placements.HomeFeedbackRequest.nonce_hash": "a hash of the random nonce inside the signed link; never rendered",
    "networks.IndependentAdmission.kvk_number": "an eight-digit public registry number (validated), not free text",
    "networks.OrganisationDomain.domain": "a public email domain (configuration, not written by members)",
    "networks.Region.slug": "derived from the public name",
    "profiles.FieldOfWork.slug": "derived from the public name",
    "profiles.CoreQuality.slug": "derived from the name",
    "networks.IdentityProvider.slug": "the provider's identifier in its redirect URI, chosen by staff",
    "networks.IdentityProvider.issuer": "the provider's public address (configuration by staff)",
    "networks.IdentityProvider.secret_name": "the name of an environment variable, never its value",
    "networks.IdentityProvider.private_key_name": "the name of an environment variable, never its value",
    "networks.IdentityProvider.uid_claim": "a claim name such as 'sub' (configuration by staff)",
    "api.ApiClient.key_hash": "a hash of the key; the key is shown once, to the coordinator who issued it",
    "api.ApiClient.key_hint": "the key's first characters, chosen by the program (KEY_PREFIX and random)",
    "api.FederationLink.peer_key_encrypted": "the other Klusmarkt's key, encrypted; never rendered",
    "api.OutboundShare.version": "a hash of the document delivered",
    "api.InboundAssignment.version": "a hash of the document received",
}


class Markers:
    def __init__(self) -> None:
        self.scope: dict[str, str] = {}
        self._n = itertools.count(1)

    def __call__(self, scope: str) -> str:
        assert scope in ALLOWED
        marker = f"marker-{scope:<6}-{next(self._n):04d}".replace(" ", "x")
        self.scope[marker] = scope
        return marker

    def forbidden(self, persona: str) -> list[str]:
        return [m for m, scope in self.scope.items() if persona not in ALLOWED[scope]]


def _profile(m: Markers, user, level: int, scope: str, contact_scope: str, **extra):
    profile = factories.ProfileFactory(
        user=user,
        display_name=f"Persoon {m(scope)}",
        headline=f"Kop {m(scope)}",
        bio=f"Over mij {m(scope)}",
        job_title=f"Functie {m(scope)}",
        languages=f"Talen {m(scope)}",
        quadrant_pitfall=f"Valkuil {m(scope)}",
        quadrant_challenge=f"Uitdaging {m(scope)}",
        quadrant_allergy=f"Allergie {m(scope)}",
        visibility=level,
        contact_visibility=Visibility.PRIVATE,
        phone=f"+31 6 {m(contact_scope)}",
        contact_email=f"{m(contact_scope)}@tilburg.nl",
        linkedin_url=f"https://www.linkedin.com/in/{m(contact_scope)}",
        **extra,
    )
    profile.cv.save(f"{m(contact_scope)}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    profile.photo.save(f"{m(scope)}.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    profile.save()
    from profiles.services import expertise_for

    profile.expertise.add(*expertise_for([f"tag {m(scope)}"]))
    ExperienceEntry.objects.create(
        profile=profile,
        title=f"Rol {m(scope)}",
        organisation_name=f"Werkgever {m(scope)}",
        description=f"Ervaring {m(scope)}",
    )
    PortfolioEntry.objects.create(
        profile=profile,
        title=f"Portfolio {m(scope)}",
        organisation_name=f"Opdrachtgever {m(scope)}",
        description=f"Wat ik deed {m(scope)}",
        reference_text=f"Referentie {m(scope)}",
        reference_by=f"Door {m(scope)}",
        is_accepted=True,
    )
    ShareLinkFactory(profile=profile, label=f"Voor {m('owner')}")
    return profile


def _assignment(m: Markers, poster, organisation, audience, scope: str, **extra):
    from profiles.services import expertise_for

    assignment = factories.AssignmentFactory(
        organisation=organisation,
        posted_by=poster,
        audience=audience,
        title=f"Klus {m(scope)}",
        summary=f"Samenvatting {m(scope)}",
        description=f"Omschrijving {m(scope)}",
        contact_name=f"Contact {m(scope)}",
        contact_email=f"{m(scope)}@tilburg.nl",
        place=f"Plaats {m(scope)}",
        **extra,
    )
    assignment.expertise.add(*expertise_for([f"eis {m(scope)}"]))
    return assignment


def _workflow(m: Markers, assignment, owner, professional, scope: str, *, complete: bool, declined: bool = True):
    """A reaction through introduction, placement, consent and terms; completed with references."""
    from placements import services
    from placements.models import ConsentRequest
    from placements.services.placements import _portfolio_entry
    from profiles.models import EngagementForm

    interest = services.interest_create(
        assignment=assignment,
        professional=professional,
        motivation=f"Motivatie {m(scope)}",
        availability=f"Beschikbaar {m(scope)}",
    )
    services.introduction_plan(
        interest=interest,
        actor=owner,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location=f"Locatie {m(scope)}",
        video_url=f"https://meet.example.nl/{m(scope)}",
        note=f"Notitie {m(scope)}",
    )
    if declined:
        # A declined reaction by someone else, with the poster's reason.
        other = factories.employee(assignment.organisation)
        for network in assignment.networks.all():
            factories.MembershipFactory(user=other, network=network)
        refused = services.interest_create(
            assignment=assignment, professional=other, motivation=f"Motivatie {m(scope)}", availability=""
        )
        services.interest_decline(interest=refused, actor=owner, reason=f"Reden {m(scope)}")
    placement = services.interest_select(interest=interest, actor=owner)
    consent = services.placement_request_consent(
        placement=placement, actor=professional, manager_email=f"{m(scope)}@breda.nl"
    )
    services.consent_decide(
        consent=ConsentRequest.objects.get(pk=consent.pk), consented=True, comment=f"Akkoord {m(scope)}"
    )
    services.placement_record_side_activity(placement=placement, actor=professional, value="reported")
    # The introduction took place: the fit and the klik are answered after it.
    interest.introductions.update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    services.placement_read_rules(placement=placement, actor=professional)
    services.placement_judge_fit(placement=placement, actor=owner, fits=True, note=f"Past {m(scope)}")
    services.placement_answer_klik(placement=placement, actor=owner, klik=True, note=f"Klik {m(scope)}")
    services.placement_answer_klik(placement=placement, actor=professional, klik=True, note=f"Klik {m(scope)}")
    services.placement_set_terms(
        placement=placement,
        actor=owner,
        engagement_form=EngagementForm.objects.get(code=EngagementForm.Code.SECONDMENT),
        hours_per_week=8,
        start_date=timezone.localdate(),
        end_date=None,
        rate=None,
        pro_bono=True,
    )
    services.placement_confirm_terms(placement=placement, actor=owner)
    services.placement_confirm_terms(placement=placement, actor=professional)
    placement.refresh_from_db()
    references = []
    if complete:
        services.placement_complete(placement=placement, actor=owner)
        placement.refresh_from_db()
        about_pro = services.reference_give(
            placement=placement, actor=owner, text=f"Referentie {m('public')}", rating=5
        )
        about_client = services.reference_give(
            placement=placement, actor=professional, text=f"Over ons {m(scope)}", rating=4
        )
        entry = _portfolio_entry(about_pro)
        entry.is_accepted = True
        entry.save()
        references = [about_pro, about_client]
    return interest, placement, references


def build_world(organisation, other_organisation, network, coordinator) -> dict:
    """The world, the personas (users; None for anonymous) and the markers."""
    m = Markers()
    network.name = f"Netwerk {m('public')}"
    network.slug = m("public")
    network.description = f"Netwerk {m('public')}"
    network.description_en = f"Network {m('public')}"
    network.website = f"https://{m('public')}.example.nl"
    network.region = f"Regio {m('public')}"
    network.save()
    organisation.website = f"https://{m('public')}.example.nl"
    organisation.name = f"Gemeente {m('public')}"
    organisation.slug = m("public")
    organisation.save()
    from networks.models import OrganisationRules, Region
    from profiles.models import CoreQuality, FieldOfWork

    # The organisation's public page of what is possible there, and its own login (single
    # sign-on): configuration by staff and HR, public by design, crawled like the rest.
    OrganisationRules.objects.create(
        organisation=organisation,
        secondment=f"Detachering {m('public')}",
        leave=f"Verlof {m('public')}",
        side_activities=f"Nevenwerk {m('public')}",
        working_hours=f"Uren {m('public')}",
        contact=f"Vraag {m('public')}",
        regulation_url=f"https://{m('public')}.example.nl",
    )
    # The network's public rate (ZPP): public by design, on the network page and the rate page.
    from networks.agreement.models import PublicRate

    PublicRate.objects.create(
        network=network, level=f"Schaal {m('public')}", hourly_rate=95, valid_from=datetime.date(2020, 1, 1)
    )
    identity_provider = factories.IdentityProviderFactory(
        organisation=organisation,
        slug="tilburg-sso",
        name=f"Inloggen {m('public')}",
        client_id=m("public"),
        secret_name="OIDC_TEST_SECRET",
        private_key_name="OIDC_TEST_KEY",
        key_id=m("public"),
        uid_claim="sub",
        mfa_amr=m("public"),
        mfa_acr=m("public"),
    )

    region = Region.objects.create(name=f"Regio {m('public')}", slug=m("public"))
    field = FieldOfWork.objects.create(
        name=f"Vakgebied {m('public')}", name_en=f"Field of work {m('public')}", slug=m("public")
    )
    quality = CoreQuality.objects.create(
        name=f"Kwaliteit {m('public')}",
        name_en=f"Quality {m('public')}",
        slug=m("public"),
        pitfall=f"Valkuil {m('public')}",
        challenge=f"Uitdaging {m('public')}",
        allergy=f"Allergie {m('public')}",
        is_approved=True,
    )

    insider = factories.employee(
        organisation, user__email="insider@tilburg.nl", user__full_name=f"Insider {m('public')}"
    )
    factories.MembershipFactory(user=insider, network=network, motivation=f"Waarom {m('coord')}")

    # Assignments at every audience and in draft; the organisation-only one keeps a stale link
    # to the network (issue 15 item 3's case).
    internal_org = _assignment(m, insider, organisation, Assignment.Audience.ORGANISATION, "org", networks=[network])
    internal_net = _assignment(m, insider, organisation, Assignment.Audience.NETWORKS, "network", networks=[network])
    platform = _assignment(m, insider, organisation, Assignment.Audience.PLATFORM, "platform")
    draft = _assignment(m, insider, organisation, Assignment.Audience.PUBLIC, "owner", status=Assignment.Status.DRAFT)
    public = _assignment(
        m, insider, organisation, Assignment.Audience.PUBLIC, "public", field_of_work=field, region=region
    )

    # Profiles at every level; owners are network members (but the platform-level one).
    profiles = {}
    for level, scope in [
        (Visibility.PRIVATE, "coord"),
        (Visibility.NETWORK, "network"),
        (Visibility.PLATFORM, "platform"),
        (Visibility.PUBLIC, "public"),
    ]:
        # The platform-level owner is in no network (and works elsewhere): levels are ordered, so the
        # network's members (the admitted independent too) see a member's platform-level profile by design.
        if level == Visibility.PLATFORM:
            owner = factories.employee(other_organisation, user__email=f"{m('coord')}@breda.nl")
        else:
            owner = factories.employee(organisation, user__email=f"{m('coord')}@tilburg.nl")
            factories.MembershipFactory(user=owner, network=network)
        profiles[scope] = _profile(m, owner, level, scope, "coord")
    profiles["public"].regions.add(region)
    profiles["public"].core_qualities.add(quality)

    # The workflow on the organisation-only assignment (a colleague of the poster, completed,
    # the reference accepted on their public profile) and on the network assignment (running).
    colleague = factories.employee(organisation, user__email="collega@tilburg.nl")
    factories.ProfileFactory(user=colleague, visibility=Visibility.PUBLIC, display_name="Collega Openbaar")
    org_work = _workflow(m, internal_org, insider, colleague, "orgwrk", complete=True)
    net_member = factories.employee(factories.OrganisationFactory(), user__email="netlid@eindhoven.nl")
    factories.MembershipFactory(user=net_member, network=network)
    factories.ProfileFactory(user=net_member, visibility=Visibility.PUBLIC, display_name="Netlid Openbaar")
    net_work = _workflow(m, internal_net, insider, net_member, "netwrk", complete=True)

    # What the placements brought home: the professional's own words, and the home leidinggevende's
    # comment to them (the manager's address is the consent's, already marked). Summaries show neither.
    from placements.learning import LearningRecord
    from placements.services.homecoming import home_feedback_answer

    for work in (org_work, net_work):
        LearningRecord.objects.create(
            placement=work[1],
            learned=f"Geleerd {m('owner')}",
            brings_back=f"Terug {m('owner')}",
            themes=["network"],
            again="yes",
        )
        home_feedback_answer(
            request=work[1].home_feedback_requests.get(),
            effect="strengthened",
            themes=["vision"],
            support_again="yes",
            comment=f"Team {m('owner')}",
        )

    # An independent professional admitted by the coordinator, and a visitor whose admission was revoked
    # (an active membership without an admission gives nothing beyond public content).
    from networks.models import IndependentAdmission

    independent = factories.UserFactory(email="zelfstandig@bluemirror.nl")
    visitor = factories.UserFactory(email="visitor@gmail.com")
    for person, status, scope in ((independent, "admitted", "indep"), (visitor, "revoked", "coord")):
        factories.MembershipFactory(user=person, network=network)
        IndependentAdmission.objects.create(
            network=network,
            user=person,
            status=status,
            business_name=f"Bureau {m(scope)}",
            kvk_number="24123456",
            verification=f"Gecontroleerd {m(scope)}",
            intermediary=f"Bemiddelaar {m(scope)}",
            reason=f"Reden {m(scope)}",
            decided_by=coordinator,
        )
    # Discreet mode (issue 21 item 4): a public profile hidden from its owner's employer (the
    # coordinator's organisation) and from other_organisation; its owner reacts to a network
    # assignment of the network the coordinator runs, is placed (the leidinggevende consents by
    # the signed link) and completes: the coordinator is no party and must not follow it.
    from profiles.discreet import profile_set_discreet

    discreet_owner = factories.employee(organisation, user__email="discreet@tilburg.nl")
    factories.MembershipFactory(user=discreet_owner, network=network)
    discreet = _profile(m, discreet_owner, Visibility.PUBLIC, "discrt", "owner")
    profile_set_discreet(profile=discreet, discreet=True, hidden_from=[other_organisation], actor=discreet_owner)
    discreet_net = _assignment(m, insider, organisation, Assignment.Audience.NETWORKS, "network", networks=[network])
    discreet_work = _workflow(m, discreet_net, insider, discreet_owner, "orgwrk", complete=True, declined=False)

    # One person's own things.
    from matching.models import SavedSearch

    SavedSearch.objects.create(user=insider, name=f"Zoek {m('owner')}", query=f"q=klus+{m('owner')}")
    Notification.objects.create(
        recipient=insider,
        kind="assignments.interest.new",
        subject=f"Onderwerp {m('owner')}",
        body=f"Tekst {m('owner')}",
        body_html=f"<p>{m('owner')}</p>",
        url=f"/klussen/{m('owner')}/",
        email_status=Notification.EmailStatus.NONE,
    )
    AuditEntry.objects.create(
        actor=insider,
        action="test.note",
        target_type=ContentType.objects.get_for_model(Notification),
        target_id="1",
        note=m("owner"),
    )
    from networks.services import invitation_create

    invitation_create(network=network, email=f"{m('owner')}@utrecht.nl", actor=coordinator, message=f"Kom {m('coord')}")
    factories.MembershipFactory(
        user=factories.employee(factories.OrganisationFactory()),
        network=network,
        status=Membership.Status.PENDING,
        motivation=f"Aanvraag {m('coord')}",
    )
    factories.MembershipFactory(
        user=factories.employee(factories.OrganisationFactory()),
        network=network,
        status=Membership.Status.SUSPENDED,
        reason=f"Geschorst {m('coord')}",
    )

    # The open API and federation (api app).
    federation_world(m, network, coordinator, insider, internal_net, _assignment)

    # The personas.
    suspended = factories.employee(other_organisation, user__email="suspended@breda.nl")
    factories.MembershipFactory(user=suspended, network=network, status=Membership.Status.SUSPENDED)
    leaving = factories.OrganisationFactory(name="Gemeente Vertrokken", slug="gemeente-vertrokken")
    left_employer = factories.employee(leaving, user__email="vertrokken@vertrokken.nl")
    network.employees_are_members = True
    network.save(update_fields=["employees_are_members"])
    factories.ParticipationFactory(network=network, organisation=leaving)
    Participation.objects.filter(network=network, organisation=leaving).delete()  # the employer left
    personas = {
        "anonymous": None,
        "visitor": visitor,
        "outsider": factories.employee(other_organisation, user__email="outsider@breda.nl"),
        "suspended": suspended,
        "left_employer": left_employer,
        "coordinator_at_poster": coordinator,
        "independent": independent,
    }
    objects = [internal_org, internal_net, platform, draft, public, discreet_net, *profiles.values(), discreet]
    # The discreet workflow's references are left out of the start paths: their verification page
    # is a capability link the professional hands out (like a share link), not a page to find.
    interests = [w[0] for w in (org_work, net_work, discreet_work)]
    placements = [w[1] for w in (org_work, net_work, discreet_work)]
    references = [r for w in (org_work, net_work) for r in w[2]]
    return {
        "markers": m,
        "personas": personas,
        "network": network,
        "objects": [*objects, *placements, *references],
        "pairs": [(i.assignment.code, i.code) for i in interests],
        "identity_provider": identity_provider,
        "organisation": organisation,
    }
