"""The training pages: the catalogue, sessions, bookings, registers and certificates here; the
evaluations, figures, compliance and the other records in `record_urls.py`."""

from django.urls import include, path

app_name = "training"

urlpatterns = [
    path("", include("safeguarding.training.record_urls")),
]
