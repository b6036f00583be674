"""The child deaths pages."""

app_name = "child_deaths"

P = "<slug:partnership>/child-deaths"

urlpatterns: list = []
