"""The Hub's URLs. Partnership pages start with the partnership's slug, so core comes last."""

from django.contrib import admin
from django.urls import include, path

from safeguarding.accounts.admin_site import restrict_admin_to_administrators

restrict_admin_to_administrators(admin.site)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("safeguarding.api.urls")),
    path("", include("safeguarding.accounts.urls")),
    path("", include("safeguarding.audit.urls")),
    path("", include("safeguarding.metrics.urls")),
    path("", include("safeguarding.governance.urls")),
    path("", include("safeguarding.reviews.urls")),
    path("", include("safeguarding.learning.urls")),
    path("", include("safeguarding.training.urls")),
    path("", include("safeguarding.escalations.urls")),
    path("", include("safeguarding.allegations.urls")),
    path("", include("safeguarding.child_deaths.urls")),
    path("", include("safeguarding.reports.urls")),
    path("", include("safeguarding.datapack.urls")),
    path("", include("safeguarding.core.urls")),
]

handler403 = "safeguarding.core.errors.permission_denied"
handler404 = "safeguarding.core.errors.page_not_found"
handler500 = "safeguarding.core.errors.server_error"
