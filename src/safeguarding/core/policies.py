"""Who may see and change partnerships' agencies, themes, timescales and settings."""

from __future__ import annotations

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.core.models import Agency, Partnership, Theme, TimescaleSetting

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})


class AgencyPolicy(Policy[Agency]):
    """Every member reads the directory; the business unit and administrators keep it."""

    model = Agency
    action_roles = {"add": MANAGERS, "change": MANAGERS, "retire": MANAGERS, "link": MANAGERS}
    partnership_path = "memberships__partnership"  # an agency can serve several partnerships


class ThemePolicy(Policy[Theme]):
    model = Theme
    action_roles = {"add": MANAGERS, "change": MANAGERS, "retire": MANAGERS}


class TimescalePolicy(Policy[TimescaleSetting]):
    model = TimescaleSetting
    action_roles = {"change": MANAGERS}


class PartnershipSettingsPolicy(Policy[Partnership]):
    """The partnership's own settings (disclosure control): every member reads them; the
    business unit and administrators change them."""

    model = Partnership
    partnership_path = "pk"
    action_roles = {"change": MANAGERS}


agencies = AgencyPolicy()
themes = ThemePolicy()
timescales = TimescalePolicy()
partnership_settings = PartnershipSettingsPolicy()
