"""Load the demo partnership through the Hub's services and its data-pack importer, idempotently.

`demo/data/somerset.toml` holds what a data pack cannot (partnerships, footprints, agencies shared
with neighbours, named people, logins); the folder it names holds the partnership's data pack.
"""

from __future__ import annotations

import base64
import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify
from django_otp.oath import totp

from safeguarding.accounts import services as account_services
from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import TWO_FACTOR_ROLES, Role
from safeguarding.core import services as core_services
from safeguarding.core.models import Agency, AgencyPartnership, Footprint, Partnership
from safeguarding.datapack.formats import read_path
from safeguarding.datapack.services import ImportResult, import_pack

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_DATA = DATA_DIR / "somerset.toml"
#: The demo partnership's data pack, the folder DEFAULT_DATA names.
DEFAULT_PACK = DATA_DIR / "somerset"
#: How many of a failed import's problems the error lists.
ERRORS_SHOWN = 10


class DemoDataError(CommandError):
    """The demo data does not load: a problem in its pack, or a name it cannot find."""


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    full_name: str
    totp_secret: str | None

    def current_code(self) -> str | None:
        if self.totp_secret is None:
            return None
        return f"{totp(base64.b32decode(self.totp_secret)):06d}"


def read(path: Path = DEFAULT_DATA) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load(*, password: str, path: Path = DEFAULT_DATA) -> list[DemoLogin]:
    """Partnerships and footprints, the pack, then what names the pack's agencies; each step skips
    what exists."""
    data = read(path)
    partnerships = {
        spec["slug"]: _partnership(spec)
        for spec in [data["partnership"], *data.get("neighbours", [])]
    }
    home = partnerships[data["partnership"]["slug"]]
    for spec in data.get("footprints", []):  # before the pack: child deaths name their panel
        _footprint(spec, partnerships)
    import_demo_pack(partnership=home, folder=path.parent / data["pack"])
    for spec in data.get("shared_agencies", []):
        _share(spec, home, partnerships)
    for spec in data.get("people", []):
        _person(spec, home)
    return [_login(spec, home, partnerships, password) for spec in data.get("logins", [])]


def import_demo_pack(*, partnership: Partnership, folder: Path = DEFAULT_PACK) -> ImportResult:
    """Import the pack through the importer; when every row is unchanged, save nothing at all.

    The check runs first as a dry run, so a second load neither saves a row nor appends the
    import's own audit entry; the result then says every row is unchanged.
    """
    pack = read_path(folder)
    result = import_pack(actor=None, partnership=partnership, pack=pack, dry_run=True)
    if result.ok and any(c.added or c.changed for c in result.counts.values()):
        result = import_pack(actor=None, partnership=partnership, pack=pack, dry_run=False)
    if not result.ok:
        problems = "\n".join(f"  {error}" for error in result.errors[:ERRORS_SHOWN])
        more = len(result.errors) - ERRORS_SHOWN
        raise DemoDataError(
            f"The demo data pack {folder} has {len(result.errors)} problem(s); nothing was saved."
            f"\n{problems}" + (f"\n  … and {more} more." if more > 0 else "")
        )
    return result


def _partnership(spec: dict[str, Any]) -> Partnership:
    existing = Partnership.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    return core_services.partnership_create(
        actor=None,
        name=spec["name"],
        slug=spec["slug"],
        local_authority_areas=spec.get("local_authority_areas", []),
        disclosure_threshold=spec.get("disclosure_threshold"),
    )


def _footprint(spec: dict[str, Any], partnerships: dict[str, Partnership]) -> None:
    if not Footprint.objects.filter(slug=spec["slug"]).exists():
        core_services.footprint_create(
            actor=None,
            name=spec["name"],
            slug=spec["slug"],
            purpose=spec.get("purpose", ""),
            partnerships=[partnerships[slug] for slug in spec["partnerships"]],
        )


def _agency(name: str) -> Agency:
    agency = Agency.objects.filter(name__iexact=name).first()
    if agency is None:
        raise DemoDataError(f"The demo names the agency “{name}”, which is not in its pack.")
    return agency


def _share(spec: dict[str, Any], home: Partnership, partnerships: dict[str, Partnership]) -> None:
    """Link one of the pack's agencies to neighbours too, with its designation at home."""
    agency = _agency(spec["name"])
    designation = AgencyPartnership.objects.get(agency=agency, partnership=home).designation
    for slug in spec["also_serves"]:
        if not AgencyPartnership.objects.filter(agency=agency, partnership__slug=slug).exists():
            core_services.agency_link(
                actor=None, partnership=partnerships[slug], agency=agency, designation=designation
            )


def _user(spec: dict[str, Any], email: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = account_services.user_create(
            actor=None,
            email=email,
            full_name=spec["full_name"],
            job_title=spec.get("job_title", ""),
        )
    return user


def _ensure_membership(
    user: User,
    partnership: Partnership,
    role: str,
    agency: Agency | None,
    started_on: dt.date | None = None,
) -> Membership:
    existing = Membership.objects.filter(user=user, partnership=partnership, role=role).first()
    if existing is not None:
        return existing
    return account_services.membership_create(
        actor=None,
        user=user,
        partnership=partnership,
        role=role,
        agency=agency,
        started_on=started_on,
    )


def _person(spec: dict[str, Any], home: Partnership) -> None:
    email = f"{slugify(spec['full_name']).replace('-', '.')}@people.{home.slug}.example"
    user = _user(spec, email)
    agency = _agency(spec["agency"]) if "agency" in spec else None
    membership = _ensure_membership(user, home, spec["role"], agency, spec.get("started_on"))
    ended_on = spec.get("ended_on")
    if isinstance(ended_on, dt.date) and membership.ended_on is None:
        account_services.membership_end(actor=None, membership=membership, ended_on=ended_on)


def _login(
    spec: dict[str, Any], home: Partnership, partnerships: dict[str, Partnership], password: str
) -> DemoLogin:
    user = _user(spec, spec["email"])
    if not user.check_password(password):
        account_services.user_set_password(actor=None, user=user, password=password)
    role = Role(spec["role"])
    agency = _agency(spec["agency"]) if "agency" in spec else None
    _ensure_membership(user, home, role, agency)
    for slug in spec.get("also_member_of", []):
        _ensure_membership(user, partnerships[slug], role, None)
    secret = _totp_secret(user) if role in TWO_FACTOR_ROLES else None
    return DemoLogin(role=role, email=user.email, full_name=user.full_name, totp_secret=secret)


def _totp_secret(user: User) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = account_services.totp_device_issue(actor=None, user=user)
    return base64.b32encode(device.bin_key).decode("ascii")
