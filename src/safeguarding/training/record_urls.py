"""Evaluations, quotes, learning gain, compliance, delegates, webinar weeks, commissioned
training and requirements (included by `training/urls.py`, in its `training` namespace)."""

from django.urls import path

from safeguarding.training import evaluation_views, figure_views, record_views

P = "<slug:partnership>/training"
B = f"{P}/bookings/<int:pk>"

urlpatterns = [
    # A delegate's own evaluations, and the quotes chosen from them.
    path(f"{B}/evaluate/<str:stage>/", evaluation_views.evaluate, name="evaluate"),
    path(f"{B}/follow-up/", evaluation_views.follow_up, name="follow_up"),
    path(f"{P}/quotes/", evaluation_views.quotes, name="quotes"),
    path(f"{P}/quotes/<int:pk>/choose/", evaluation_views.quote_choose, name="quote_choose"),
    # The figures.
    path(f"{P}/learning-gain/", figure_views.learning_gain, name="learning_gain"),
    path(f"{P}/compliance/", figure_views.compliance, name="compliance"),
    path(
        f"{P}/compliance/agencies/<int:pk>/",
        figure_views.compliance_agency,
        name="compliance_agency",
    ),
    # The staff list.
    path(f"{P}/delegates/", record_views.delegate_list, name="delegate_list"),
    path(f"{P}/delegates/add/", record_views.delegate_add, name="delegate_add"),
    path(f"{P}/delegates/<int:pk>/edit/", record_views.delegate_edit, name="delegate_edit"),
    # Webinar weeks, commissioned training, requirements.
    path(f"{P}/webinars/", record_views.webinar_list, name="webinar_list"),
    path(f"{P}/webinars/add/", record_views.webinar_add, name="webinar_add"),
    path(f"{P}/webinars/<int:pk>/edit/", record_views.webinar_edit, name="webinar_edit"),
    path(f"{P}/commissioned/", record_views.commissioned_list, name="commissioned_list"),
    path(f"{P}/commissioned/add/", record_views.commissioned_add, name="commissioned_add"),
    path(
        f"{P}/commissioned/<int:pk>/edit/",
        record_views.commissioned_edit,
        name="commissioned_edit",
    ),
    path(f"{P}/requirements/", record_views.requirement_list, name="requirement_list"),
    path(f"{P}/requirements/add/", record_views.requirement_add, name="requirement_add"),
    path(
        f"{P}/requirements/<int:pk>/edit/",
        record_views.requirement_edit,
        name="requirement_edit",
    ),
    path(
        f"{P}/requirements/<int:pk>/retire/",
        record_views.requirement_retire,
        name="requirement_retire",
    ),
]
