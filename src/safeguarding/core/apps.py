from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeguarding.core"
    label = "core"
    verbose_name = "Partnerships and reference data"

    def ready(self) -> None:
        from safeguarding.accounts.roles import ALL_ROLES
        from safeguarding.core.navigation import register_nav

        register_nav("Home", "core:home", section="", order=0, roles=ALL_ROLES)
        register_nav("Agencies", "core:agency_list", section="agencies", order=90)
