"""The child deaths pages: /<partnership>/child-deaths/... (the CDOP role only; 404 otherwise)."""

from django.urls import path

from safeguarding.child_deaths import figure_views, views

app_name = "child_deaths"

P = "<slug:partnership>/child-deaths"
D = f"{P}/<int:pk>"

urlpatterns = [
    path(f"{P}/", views.death_list, name="death_list"),
    path(f"{P}/add/", views.death_add, name="death_add"),
    path(f"{P}/figures/", figure_views.figures, name="figures"),
    path(f"{P}/panels/<slug:panel>/", views.panel_detail, name="panel_detail"),
    path(f"{D}/", views.death_detail, name="death_detail"),
    path(f"{D}/edit/", views.death_edit, name="death_edit"),
    path(f"{D}/review/", views.death_review, name="death_review"),
    path(f"{D}/finding/", views.death_finding, name="death_finding"),
]
