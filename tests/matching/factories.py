"""Factories and builders for matching tests."""

from __future__ import annotations

import factory

from assignments.models import Assignment
from marketplace.models import User
from matching.models import SavedSearch
from networks.models import Region
from profiles.models import CoreQuality, EngagementForm, Expertise, FieldOfWork, Profile
from tests import factories


class FieldOfWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfWork
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"werkveld {n}")
    slug = factory.LazyAttribute(lambda o: o.name.replace(" ", "-"))


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"expertise {n}")
    slug = factory.LazyAttribute(lambda o: o.name.replace(" ", "-"))


class CoreQualityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreQuality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"kwaliteit {n}")
    slug = factory.LazyAttribute(lambda o: o.name.replace(" ", "-"))


def forms(*codes: str) -> list[EngagementForm]:
    return list(EngagementForm.objects.filter(code__in=codes or [EngagementForm.Code.SECONDMENT]))


def professional(
    user: User | None = None, *, expertise=(), qualities=(), regions=(), engagement=("secondment",), **kwargs
) -> Profile:
    """A profile open to assignments, with its taxonomy sets."""
    profile = factories.ProfileFactory(user=user or factories.UserFactory(), **kwargs)
    profile.expertise.set(expertise)
    profile.core_qualities.set(qualities)
    profile.regions.set(regions)
    profile.engagement_forms.set(forms(*engagement))
    return profile


def assignment(*, expertise=(), qualities=(), networks=(), engagement=("secondment",), **kwargs) -> Assignment:
    item = factories.AssignmentFactory(networks=list(networks), engagement_forms=list(engagement), **kwargs)
    item.expertise.set(expertise)
    item.core_qualities.set(qualities)
    return item


def saved_search(user: User, query: str, name: str = "Mijn zoekopdracht") -> SavedSearch:
    return SavedSearch.objects.create(user=user, name=name, query=query)


def region(slug: str = "noord-brabant") -> Region:
    return Region.objects.get(slug=slug)
