"""The escalations pages (resolving professional differences)."""

from django.urls import path

from safeguarding.escalations import figure_views, survey_views, views

app_name = "escalations"

P = "<slug:partnership>/escalations"

urlpatterns = [
    path(f"{P}/", views.escalation_list, name="escalation_list"),
    path(f"{P}/raise/", views.escalation_raise, name="escalation_raise"),
    path(f"{P}/figures/", figure_views.figures, name="figures"),
    path(f"{P}/survey/", survey_views.survey_list, name="survey_list"),
    path(f"{P}/survey/add/", survey_views.survey_add, name="survey_add"),
    path(f"{P}/survey/<int:pk>/edit/", survey_views.survey_edit, name="survey_edit"),
    path(f"{P}/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path(f"{P}/<int:pk>/edit/", views.escalation_edit, name="escalation_edit"),
    path(f"{P}/<int:pk>/step/", views.escalation_step, name="escalation_step"),
    path(
        f"{P}/<int:pk>/steps/<int:step_pk>/complete/",
        views.step_complete,
        name="step_complete",
    ),
    path(f"{P}/<int:pk>/close/", views.escalation_close, name="escalation_close"),
    path(f"{P}/<int:pk>/finding/", views.escalation_finding, name="escalation_finding"),
]
