"""URLs of the learning app: /<partnership>/learning/..."""

from django.urls import path

from safeguarding.learning import source_views, views

app_name = "learning"

P = "<slug:partnership>/learning"
S = f"{P}/sources/<int:source_pk>"

urlpatterns = [
    path(f"{P}/actions/", views.action_list, name="action_list"),
    path(f"{P}/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path(f"{P}/actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path(f"{P}/actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
    path(f"{P}/sources/", source_views.source_list, name="source_list"),
    path(f"{P}/sources/<int:pk>/", source_views.source_detail, name="source_detail"),
    path(f"{P}/sources/<int:pk>/comments/add/", source_views.comment_add, name="comment_add"),
    path(f"{S}/findings/add/", source_views.finding_add, name="finding_add"),
    path(f"{S}/findings/<int:pk>/edit/", source_views.finding_edit, name="finding_edit"),
    path(f"{S}/recommendations/add/", source_views.recommendation_add, name="recommendation_add"),
    path(
        f"{S}/recommendations/<int:pk>/edit/",
        source_views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(f"{S}/actions/add/", views.action_add, name="action_add"),
    path(f"{S}/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path(f"{P}/disseminations/", source_views.dissemination_list, name="dissemination_list"),
    path(f"{P}/disseminations/add/", source_views.dissemination_add, name="dissemination_add"),
    path(
        f"{P}/disseminations/<int:pk>/edit/",
        source_views.dissemination_edit,
        name="dissemination_edit",
    ),
]
