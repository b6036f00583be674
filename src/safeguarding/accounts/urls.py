from django.contrib.auth import views as auth_views
from django.urls import path

from safeguarding.accounts import people_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/api-token/", views.api_token_create, name="api_token_create"),
    path("accounts/api-token/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/set/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/set/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# Administrators' people pages: /somerset/people/.
urlpatterns += [
    path("<slug:partnership>/people/", people_views.member_list, name="member_list"),
    path("<slug:partnership>/people/add/", people_views.member_add, name="member_add"),
    path(
        "<slug:partnership>/people/<int:user_pk>/",
        people_views.member_detail,
        name="member_detail",
    ),
    path(
        "<slug:partnership>/people/<int:user_pk>/roles/add/",
        people_views.member_role_add,
        name="member_role_add",
    ),
    path(
        "<slug:partnership>/people/<int:user_pk>/roles/<int:pk>/end/",
        people_views.member_role_end,
        name="member_role_end",
    ),
    path(
        "<slug:partnership>/people/<int:user_pk>/invite/",
        people_views.member_reinvite,
        name="member_reinvite",
    ),
]
