"""URLs of the governance app: /<partnership>/governance/..."""

from django.urls import path

from safeguarding.governance import budget_views, priority_views, views, voice_views

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
    path(f"{P}/communications/", voice_views.communication_list, name="communication_list"),
    path(f"{P}/communications/add/", voice_views.communication_add, name="communication_add"),
    path(
        f"{P}/communications/<int:pk>/edit/",
        voice_views.communication_edit,
        name="communication_edit",
    ),
    path(f"{P}/voice/", voice_views.voice_list, name="voice_list"),
    path(
        f"{P}/voice/groups/add/",
        voice_views.participation_group_add,
        name="participation_group_add",
    ),
    path(
        f"{P}/voice/groups/<int:pk>/edit/",
        voice_views.participation_group_edit,
        name="participation_group_edit",
    ),
    path(
        f"{P}/voice/groups/<int:pk>/retire/",
        voice_views.participation_group_retire,
        name="participation_group_retire",
    ),
    path(f"{P}/voice/work/add/", voice_views.engagement_add, name="engagement_add"),
    path(f"{P}/voice/work/<int:pk>/edit/", voice_views.engagement_edit, name="engagement_edit"),
    path(f"{P}/priorities/", priority_views.priority_list, name="priority_list"),
    path(f"{P}/priorities/add/", priority_views.priority_add, name="priority_add"),
    path(f"{P}/priorities/<int:pk>/", priority_views.priority_detail, name="priority_detail"),
    path(f"{P}/priorities/<int:pk>/edit/", priority_views.priority_edit, name="priority_edit"),
    path(
        f"{P}/priorities/<int:pk>/indicators/add/",
        priority_views.indicator_add,
        name="indicator_add",
    ),
    path(
        f"{P}/priorities/<int:pk>/activities/add/",
        priority_views.activity_add,
        name="activity_add",
    ),
    path(f"{P}/indicators/<int:pk>/edit/", priority_views.indicator_edit, name="indicator_edit"),
    path(f"{P}/activities/<int:pk>/edit/", priority_views.activity_edit, name="activity_edit"),
    path(f"{P}/plan-on-a-page/<str:year>/", priority_views.plan_edit, name="plan_edit"),
    path(
        f"{P}/working-together/",
        voice_views.guidance_change_list,
        name="guidance_change_list",
    ),
    path(
        f"{P}/working-together/add/",
        voice_views.guidance_change_add,
        name="guidance_change_add",
    ),
    path(
        f"{P}/working-together/<int:pk>/edit/",
        voice_views.guidance_change_edit,
        name="guidance_change_edit",
    ),
]
