from django.contrib import admin

from safeguarding.core.models import (
    Agency,
    AgencyPartnership,
    Footprint,
    Partnership,
    Theme,
    TimescaleSetting,
)
from safeguarding.core.readonly_admin import ReadOnlyAdmin

admin.site.register(Partnership, ReadOnlyAdmin)
admin.site.register(Footprint, ReadOnlyAdmin)
admin.site.register(AgencyPartnership, ReadOnlyAdmin)
admin.site.register(Theme, ReadOnlyAdmin)
admin.site.register(TimescaleSetting, ReadOnlyAdmin)


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "sector", "retired_on"]
    list_filter = ["sector"]
    search_fields = ["name"]
