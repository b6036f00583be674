"""The training pages: the catalogue, sessions, bookings, registers and certificates here; the
evaluations, figures, compliance and the other records in `record_urls.py`."""

from django.urls import include, path

from safeguarding.training import booking_views, views

app_name = "training"

P = "<slug:partnership>/training"
C = f"{P}/courses/<int:pk>"
S = f"{P}/sessions/<int:pk>"
B = f"{P}/bookings/<int:pk>"

urlpatterns = [
    path(f"{P}/", views.course_list, name="course_list"),
    path(f"{P}/courses/add/", views.course_add, name="course_add"),
    path(f"{C}/", views.course_detail, name="course_detail"),
    path(f"{C}/edit/", views.course_edit, name="course_edit"),
    path(f"{C}/retire/", views.course_retire, name="course_retire"),
    path(f"{C}/questions/add/", views.question_add, name="question_add"),
    path(f"{P}/questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path(f"{C}/sessions/add/", views.session_add, name="session_add"),
    path(f"{S}/", views.session_detail, name="session_detail"),
    path(f"{S}/edit/", views.session_edit, name="session_edit"),
    path(f"{S}/cancel/", views.session_cancel, name="session_cancel"),
    path(f"{S}/book/", booking_views.session_book, name="session_book"),
    path(f"{S}/register/", booking_views.register, name="register"),
    path(f"{P}/bookings/", booking_views.booking_list, name="booking_list"),
    path(f"{B}/cancel/", booking_views.booking_cancel, name="booking_cancel"),
    path(f"{B}/approve/", booking_views.booking_approve, name="booking_approve"),
    path(f"{B}/decline/", booking_views.booking_decline, name="booking_decline"),
    path(f"{B}/certificate/", booking_views.certificate, name="certificate"),
    path("", include("safeguarding.training.record_urls")),
]
