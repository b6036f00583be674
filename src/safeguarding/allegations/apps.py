from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "safeguarding.allegations"
    label = "allegations"
    verbose_name = "Allegations (LADO)"
