from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "safeguarding.metrics"
    label = "metrics"
    verbose_name = "Metrics"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from safeguarding.accounts.roles import ALL_ROLES
        from safeguarding.core.navigation import register_nav

        autodiscover_modules("metrics")
        register_nav(
            "Dashboard", "metrics:dashboard", section="dashboard", order=10, roles=ALL_ROLES
        )
        register_nav(
            "Entered figures", "metrics:entered_list", section="metrics", order=85, roles=ALL_ROLES
        )
