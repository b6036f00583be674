"""Factories for the foundation's records (each later app keeps its own factories.py)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from safeguarding.accounts.models import Membership, User
from safeguarding.core import services as core_services
from safeguarding.core.models import Agency, AgencyPartnership, Designation, Partnership, Sector
from safeguarding.datapack.formats import Pack

factory.Faker._DEFAULT_LOCALE = "en_GB"


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Safeguarding Children Partnership {n}")
    slug = factory.Sequence(lambda n: f"test-{n}")
    local_authority_areas = factory.LazyAttribute(lambda o: [o.name.split(" Safeguarding")[0]])


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    sector = Sector.HEALTH


class AgencyPartnershipFactory(DjangoModelFactory):
    class Meta:
        model = AgencyPartnership

    agency = factory.SubFactory(AgencyFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    designation = Designation.RELEVANT_AGENCY


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@hub.example")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = "business_unit"


def partnership_copy(source: Partnership, *, name: str, slug: str) -> Partnership:
    """A new, empty partnership set up as an administrator would before importing `source`'s
    data pack: the same areas and disclosure threshold, and a footprint like each of the
    source's with the copy in the source's place (a pack holds none of these; a child death names
    its panel, a footprint, whose case codes are its own). `pack_for_copy` re-points the pack."""
    copy = core_services.partnership_create(
        actor=None,
        name=name,
        slug=slug,
        local_authority_areas=list(source.local_authority_areas),
        disclosure_threshold=source.disclosure_threshold,
    )
    for footprint in source.footprints.all():
        others = [p for p in footprint.partnerships.all() if p.pk != source.pk]
        core_services.footprint_create(
            actor=None,
            name=f"{footprint.name} ({name})",
            slug=f"{footprint.slug}-{slug}",
            purpose=footprint.purpose,
            partnerships=[copy, *others],
        )
    return copy


def pack_for_copy(pack: Pack, copy: Partnership) -> Pack:
    """The pack with each child death naming the copy's own panel (see `partnership_copy`)."""
    deaths = pack.get("child_deaths")
    for _, row in deaths.rows if deaths else []:
        row["panel"] = f"{row['panel']}-{copy.slug}"
    return pack
