"""URLs of the reports app: /<partnership>/reports/..."""

from django.urls import path

from safeguarding.reports import views

app_name = "reports"

_R = "<slug:partnership>/reports/<int:pk>"

urlpatterns = [
    path("<slug:partnership>/reports/", views.report_list, name="report_list"),
    path(f"{_R}/", views.report_detail, name="report_detail"),
    path(f"{_R}/sections/<slug:code>/narrative/", views.narrative_edit, name="narrative_edit"),
    path(f"{_R}/approve/", views.report_approve, name="report_approve"),
    path(f"{_R}/publish/", views.report_publish, name="report_publish"),
    path(f"{_R}/sent/", views.report_record_sent, name="report_record_sent"),
    path(f"{_R}/new-version/", views.report_new_version, name="report_new_version"),
    path(f"{_R}/report.html", views.report_download_html, name="download_html"),
    path(f"{_R}/report.docx", views.report_download_docx, name="download_docx"),
    path(f"{_R}/pdf/", views.report_file_request, name="file_request"),
    path(f"{_R}/files/<int:file_pk>/status/", views.report_file_status, name="file_status"),
    path(f"{_R}/files/<int:file_pk>/", views.report_file_download, name="file_download"),
]
