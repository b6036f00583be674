from django.urls import path

from safeguarding.audit import views

app_name = "audit"

urlpatterns = [
    path("<slug:partnership>/audit/", views.audit_log, name="log"),
]
