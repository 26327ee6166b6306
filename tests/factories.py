"""factory_boy factories with sensible defaults. Each app's tests may add their own beside."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from assignments.models import Assignment
from marketplace.models import User
from networks.models import (
    Employment,
    IdentityProvider,
    Membership,
    Network,
    Organisation,
    OrganisationDomain,
    Participation,
)
from profiles.models import EngagementForm, Profile


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    slug = factory.Sequence(lambda n: f"gemeente-test-{n}")
    kind = Organisation.Kind.GEMEENTE
    website = "https://www.example.nl"

    @factory.post_generation
    def domain(obj, create, extracted, **kwargs):
        if create:
            OrganisationDomain.objects.get_or_create(domain=extracted or f"{obj.slug}.nl", organisation=obj)


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    """An organisation's OpenID provider; ``domains`` (a list) are the domains it vouches for."""

    class Meta:
        model = IdentityProvider
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"idp-{n}")
    name = factory.LazyAttribute(lambda o: o.organisation.name)
    issuer = "http://127.0.0.1:1"
    client_id = "klusmarkt"
    secret_name = "OIDC_TEST_SECRET"

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create:
            for domain in extracted if extracted is not None else [d.domain for d in obj.organisation.domains.all()]:
                OrganisationDomain.objects.update_or_create(
                    domain=domain, defaults={"organisation": obj.organisation, "identity_provider": obj}
                )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})
            obj.save()


class EmploymentFactory(factory.django.DjangoModelFactory):
    """A verified government employee (the employment link made directly)."""

    class Meta:
        model = Employment

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(
        UserFactory,
        email=factory.LazyAttributeSequence(lambda o, n: f"employee{n}@{o.factory_parent.organisation.slug}.nl"),
    )
    email = factory.LazyAttribute(lambda o: o.user.email)


def employee(organisation: Organisation | None = None, **kwargs: object) -> User:
    organisation = organisation or OrganisationFactory()
    return EmploymentFactory(organisation=organisation, **kwargs).user


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")
    kind = Network.Kind.REGIONAL
    join_policy = Network.JoinPolicy.APPROVAL
    description = "Een netwerk voor tests."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda o: o.user.full_name or "Test Persoon")
    headline = "Beleidsadviseur met ervaring in ruimtelijke ordening"
    visibility = 3
    contact_visibility = 0
    open_to_assignments = True
    hours_per_week = 16


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projectleider omgevingswet {n}")
    summary = "Tijdelijke versterking van het team."
    description = "Wij zoeken een ervaren projectleider voor de invoering van de omgevingswet."
    organisation = factory.SubFactory(OrganisationFactory)
    posted_by = factory.LazyAttribute(lambda o: employee(o.organisation))
    hours_per_week = 16
    compensation = Assignment.Compensation.PUBLIC_RATE
    audience = Assignment.Audience.PUBLIC
    status = Assignment.Status.OPEN
    published_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)

    @factory.post_generation
    def networks(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.networks.set(extracted)

    @factory.post_generation
    def engagement_forms(obj, create, extracted, **kwargs):
        if create:
            codes = extracted or [EngagementForm.Code.SECONDMENT]
            obj.engagement_forms.set(EngagementForm.objects.filter(code__in=codes))
