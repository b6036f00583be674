from django.contrib import admin

from safeguarding.accounts.models import Membership, User
from safeguarding.core.readonly_admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "partnership", "role", "agency", "started_on", "ended_on"]
    list_filter = ["partnership", "role"]
    list_select_related = ["user", "partnership", "agency"]
