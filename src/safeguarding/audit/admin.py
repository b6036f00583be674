from django.contrib import admin

from safeguarding.audit.models import AuditEntry
from safeguarding.core.readonly_admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_label", "action", "target_label", "partnership"]
    list_filter = ["partnership"]
    list_select_related = ["partnership"]
    search_fields = ["actor_label", "action", "target_label", "request_id"]
    date_hierarchy = "at"
