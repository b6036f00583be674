"""URLs of the reviews app: /<partnership>/reviews/..."""

from django.urls import path

from safeguarding.reviews import practice_views, views

app_name = "reviews"

P = "<slug:partnership>/reviews"
N = f"{P}/notifications/<int:pk>"
R = f"{P}/rapid-reviews/<int:pk>"
PR = f"{P}/practice-reviews"
LR = f"{P}/learning-reviews"

urlpatterns = [
    path(f"{P}/", views.review_list, name="review_list"),
    path(f"{P}/notifications/add/", views.notification_add, name="notification_add"),
    path(f"{N}/", views.notification_detail, name="notification_detail"),
    path(f"{N}/edit/", views.notification_edit, name="notification_edit"),
    path(f"{N}/sent/", views.notification_sent, name="notification_sent"),
    path(f"{N}/rapid-review/", views.rapid_review_start, name="rapid_review_start"),
    path(f"{R}/", views.rapid_review_detail, name="rapid_review_detail"),
    path(f"{R}/edit/", views.rapid_review_edit, name="rapid_review_edit"),
    path(f"{R}/meeting/", views.rapid_review_meeting, name="rapid_review_meeting"),
    path(f"{R}/complete/", views.rapid_review_complete, name="rapid_review_complete"),
    path(f"{R}/sent/", views.rapid_review_sent, name="rapid_review_sent"),
    path(f"{R}/response/", views.rapid_review_response, name="rapid_review_response"),
    path(f"{R}/summaries/request/", views.summaries_request, name="summaries_request"),
    path(f"{P}/summaries/<int:pk>/return/", views.summary_return, name="summary_return"),
    path(f"{PR}/add/", practice_views.practice_review_add, name="practice_review_add"),
    path(f"{PR}/<int:pk>/", practice_views.practice_review_detail, name="practice_review_detail"),
    path(f"{PR}/<int:pk>/edit/", practice_views.practice_review_edit, name="practice_review_edit"),
    path(f"{PR}/<int:pk>/sent/", practice_views.practice_review_sent, name="practice_review_sent"),
    path(
        f"{PR}/<int:pk>/publish/",
        practice_views.practice_review_publish,
        name="practice_review_publish",
    ),
    path(f"{LR}/add/", practice_views.learning_review_add, name="learning_review_add"),
    path(f"{LR}/<int:pk>/", practice_views.learning_review_detail, name="learning_review_detail"),
    path(f"{LR}/<int:pk>/edit/", practice_views.learning_review_edit, name="learning_review_edit"),
    path(
        f"{LR}/<int:pk>/complete/",
        practice_views.learning_review_complete,
        name="learning_review_complete",
    ),
]
