from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "safeguarding.escalations"
    label = "escalations"
    verbose_name = "Resolving professional differences"
