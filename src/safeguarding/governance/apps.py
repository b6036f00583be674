from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "safeguarding.governance"
    label = "governance"
    verbose_name = "Governance"
