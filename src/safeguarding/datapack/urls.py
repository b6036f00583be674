"""URLs of the datapack app: /<partnership>/data-pack/…"""

from django.urls import path

from safeguarding.datapack import views

app_name = "datapack"

urlpatterns = [
    path("<slug:partnership>/data-pack/", views.data_pack, name="data_pack"),
    path("<slug:partnership>/data-pack/export/", views.export, name="export"),
    path("<slug:partnership>/data-pack/imports/<int:pk>/", views.job, name="job"),
    path("<slug:partnership>/data-pack/imports/<int:pk>/confirm/", views.confirm, name="confirm"),
    path(
        "<slug:partnership>/data-pack/imports/<int:pk>/progress/",
        views.progress,
        name="progress",
    ),
]
