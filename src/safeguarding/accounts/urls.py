from django.contrib.auth import views as auth_views
from django.urls import path

from safeguarding.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/api-token/", views.api_token_create, name="api_token_create"),
    path("accounts/api-token/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("<slug:partnership>/people/", views.member_list, name="member_list"),
]
