"""The escalations pages."""

app_name = "escalations"

P = "<slug:partnership>/escalations"

urlpatterns: list = []
