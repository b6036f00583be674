"""The LADO register's pages (docs/allegations.md, "Pages"): the LADO role only."""

from django.urls import path

from safeguarding.allegations import views

app_name = "allegations"

P = "<slug:partnership>/allegations"

urlpatterns = [
    path(f"{P}/", views.allegation_list, name="allegation_list"),
    path(f"{P}/add/", views.allegation_add, name="allegation_add"),
    path(f"{P}/figures/", views.figures, name="figures"),
    path(f"{P}/<int:pk>/", views.allegation_detail, name="allegation_detail"),
    path(f"{P}/<int:pk>/edit/", views.allegation_edit, name="allegation_edit"),
    path(f"{P}/<int:pk>/conclude/", views.allegation_conclude, name="allegation_conclude"),
    path(f"{P}/<int:pk>/finding/", views.allegation_finding, name="allegation_finding"),
]
