"""Fixture data for measuring pages at scale: many agencies, people and partnerships.

Rows go in with bulk_create. This is measuring data, not a write path: nothing here is audited
and no service rules run. Real writes always go through services.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.hashers import make_password

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import Role
from safeguarding.core.models import Agency, AgencyPartnership, Designation, Partnership, Sector

KINDS = ("Health Trust", "Academy", "Youth Club", "Housing Association", "Surgery")
SECTORS = (Sector.HEALTH, Sector.EDUCATION, Sector.VCFSE, Sector.OTHER, Sector.HEALTH)
MEMBER_ROLES = (Role.PRACTITIONER, Role.AGENCY_LEAD)


def agency_name(index: int, prefix: str = "Scale") -> str:
    return f"{prefix} {KINDS[index % len(KINDS)]} {index:05d}"


def add_agencies(partnership: Partnership, count: int, *, prefix: str = "Scale") -> list[Agency]:
    """`count` agencies serving the partnership; one in five has "Trust" in its name."""
    agencies = Agency.objects.bulk_create(
        Agency(name=agency_name(i, prefix), sector=SECTORS[i % len(SECTORS)]) for i in range(count)
    )
    AgencyPartnership.objects.bulk_create(
        AgencyPartnership(
            agency=agency, partnership=partnership, designation=Designation.RELEVANT_AGENCY
        )
        for agency in agencies
    )
    return agencies


def add_members(
    partnership: Partnership, count: int, agencies: Sequence[Agency], *, prefix: str = "scale"
) -> list[User]:
    """`count` people who cannot sign in, each an agency member of the partnership."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"{prefix}.{i}@scale.example", full_name=f"Person {i:05d}", password=unusable)
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            partnership=partnership,
            role=MEMBER_ROLES[i % len(MEMBER_ROLES)],
            agency=agencies[i % len(agencies)],
        )
        for i, user in enumerate(users)
    )
    return users


def add_partnerships(count: int, *, prefix: str = "scale") -> list[Partnership]:
    """`count` bare partnerships (no themes or audit entries): neighbours to link things to."""
    return Partnership.objects.bulk_create(
        Partnership(name=f"{prefix.title()} Partnership {i:04d}", slug=f"{prefix}-{i:04d}")
        for i in range(count)
    )


def link_agency(agency: Agency, partnerships: Sequence[Partnership]) -> None:
    AgencyPartnership.objects.bulk_create(
        AgencyPartnership(agency=agency, partnership=p, designation=Designation.RELEVANT_AGENCY)
        for p in partnerships
    )


def join_partnerships(user: User, partnerships: Sequence[Partnership], role: Role) -> None:
    Membership.objects.bulk_create(
        Membership(user=user, partnership=p, role=role) for p in partnerships
    )
