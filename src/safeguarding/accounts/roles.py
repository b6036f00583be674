"""The roles a member can hold in a partnership."""

from django.db import models


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit"
    EXECUTIVE = "executive", "Executive (lead and delegated safeguarding partners)"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    AGENCY_LEAD = "agency_lead", "Agency safeguarding lead"
    PRACTITIONER = "practitioner", "Practitioner"
    LADO = "lado", "LADO (allegations)"
    CDOP = "cdop", "CDOP coordinator (child deaths)"
    ADMINISTRATOR = "administrator", "Administrator"


ALL_ROLES = frozenset(Role)
#: Roles whose sign-in needs a second factor (TOTP or a backup code).
TWO_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.LADO, Role.CDOP})
#: Roles that must name the agency they belong to.
AGENCY_ROLES = frozenset({Role.AGENCY_LEAD, Role.PRACTITIONER})
