from django.urls import path

from safeguarding.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("switch/", views.switch, name="switch"),
    path("accessibility/", views.accessibility, name="accessibility"),
]

# Every partnership page starts with the partnership's slug: /somerset/agencies/.
urlpatterns += [
    path("<slug:partnership>/", views.home, name="home"),
    path("<slug:partnership>/agencies/", views.agency_list, name="agency_list"),
    path("<slug:partnership>/agencies/add/", views.agency_add, name="agency_add"),
    path("<slug:partnership>/agencies/link/", views.agency_link, name="agency_link"),
    path("<slug:partnership>/agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("<slug:partnership>/agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("<slug:partnership>/agencies/<int:pk>/retire/", views.agency_retire, name="agency_retire"),
    path("<slug:partnership>/themes/", views.theme_list, name="theme_list"),
    path("<slug:partnership>/themes/add/", views.theme_add, name="theme_add"),
    path("<slug:partnership>/themes/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
    path("<slug:partnership>/themes/<int:pk>/retire/", views.theme_retire, name="theme_retire"),
    path("<slug:partnership>/timescales/", views.timescale_list, name="timescale_list"),
    path("<slug:partnership>/disclosure/", views.disclosure, name="disclosure"),
    path(
        "<slug:partnership>/timescales/<slug:code>/edit/",
        views.timescale_edit,
        name="timescale_edit",
    ),
]
