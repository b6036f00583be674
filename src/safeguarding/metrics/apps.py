from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "safeguarding.metrics"
    label = "metrics"
    verbose_name = "Metrics"
