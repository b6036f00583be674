"""The allegations pages."""

app_name = "allegations"

P = "<slug:partnership>/allegations"

urlpatterns: list = []
