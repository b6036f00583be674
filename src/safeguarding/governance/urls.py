"""URLs of the governance app: /<partnership>/governance/..."""

from django.urls import path

from safeguarding.governance import budget_views, views

app_name = "governance"

P = "<slug:partnership>/governance"

urlpatterns = [
    path(f"{P}/", views.executive_list, name="executive_list"),
    path(f"{P}/executive/add/", views.executive_add, name="executive_add"),
    path(f"{P}/executive/<int:pk>/edit/", views.executive_edit, name="executive_edit"),
    path(f"{P}/executive/<int:pk>/end/", views.executive_end, name="executive_end"),
    path(f"{P}/subgroups/", views.subgroup_list, name="subgroup_list"),
    path(f"{P}/subgroups/add/", views.subgroup_add, name="subgroup_add"),
    path(f"{P}/subgroups/<int:pk>/edit/", views.subgroup_edit, name="subgroup_edit"),
    path(f"{P}/subgroups/<int:pk>/retire/", views.subgroup_retire, name="subgroup_retire"),
    path(f"{P}/meetings/", views.meeting_list, name="meeting_list"),
    path(f"{P}/meetings/add/", views.meeting_add, name="meeting_add"),
    path(f"{P}/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        f"{P}/meetings/<int:pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(f"{P}/budget/", budget_views.budget_current, name="budget_current"),
    path(f"{P}/budget/<str:year>/", budget_views.budget, name="budget"),
    path(
        f"{P}/budget/<str:year>/contributions/add/",
        budget_views.contribution_add,
        name="contribution_add",
    ),
    path(f"{P}/budget/<str:year>/grants/add/", budget_views.grant_add, name="grant_add"),
    path(
        f"{P}/budget/<str:year>/expenditure/add/",
        budget_views.expenditure_add,
        name="expenditure_add",
    ),
    path(
        f"{P}/contributions/<int:pk>/edit/",
        budget_views.contribution_edit,
        name="contribution_edit",
    ),
    path(
        f"{P}/contributions/<int:pk>/remove/",
        budget_views.contribution_remove,
        name="contribution_remove",
    ),
    path(f"{P}/grants/<int:pk>/edit/", budget_views.grant_edit, name="grant_edit"),
    path(f"{P}/grants/<int:pk>/remove/", budget_views.grant_remove, name="grant_remove"),
    path(
        f"{P}/expenditure/<int:pk>/edit/",
        budget_views.expenditure_edit,
        name="expenditure_edit",
    ),
    path(
        f"{P}/expenditure/<int:pk>/remove/",
        budget_views.expenditure_remove,
        name="expenditure_remove",
    ),
]
