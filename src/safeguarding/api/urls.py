"""The REST API: the schema, its documentation page (for signed-in people), each app's endpoints."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from safeguarding.api.errors import not_found
from safeguarding.api.registry import register_all

# Path converters (`<int:pk>`), so the schema types each id; no `.json` suffix routes.
router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
register_all(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        login_required(SpectacularSwaggerView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("", include((router.urls, "api"))),  # names like "api:agency-list"
    path("<path:path>", not_found),
]
