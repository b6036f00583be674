"""URLs of the metrics app: the figures entered for years before the Hub held the records."""

from django.urls import path

from safeguarding.metrics import dashboard_views, views

app_name = "metrics"

urlpatterns = [
    path("<slug:partnership>/metrics/entered/", views.entered_list, name="entered_list"),
    path("<slug:partnership>/metrics/entered/add/", views.entered_add, name="entered_add"),
    path(
        "<slug:partnership>/metrics/entered/<int:pk>/edit/",
        views.entered_edit,
        name="entered_edit",
    ),
    path(
        "<slug:partnership>/metrics/entered/<int:pk>/remove/",
        views.entered_remove,
        name="entered_remove",
    ),
]

urlpatterns += [
    path("<slug:partnership>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "<slug:partnership>/dashboard/<slug:panel>.csv",
        dashboard_views.dashboard_csv,
        name="dashboard_csv",
    ),
    path(
        "<slug:partnership>/dashboard/<slug:panel>.xlsx",
        dashboard_views.dashboard_xlsx,
        name="dashboard_xlsx",
    ),
]
