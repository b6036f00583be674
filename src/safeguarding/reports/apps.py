from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ReportsConfig(AppConfig):
    name = "safeguarding.reports"
    label = "reports"
    verbose_name = "Yearly report"

    def ready(self) -> None:
        from safeguarding.core.navigation import register_nav

        autodiscover_modules("report")
        register_nav("Yearly report", "reports:report_list", section="reports", order=60)
