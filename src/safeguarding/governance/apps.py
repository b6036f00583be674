from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "safeguarding.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from safeguarding.core.navigation import register_nav

        register_nav("Governance", "governance:executive_list", section="governance", order=20)
