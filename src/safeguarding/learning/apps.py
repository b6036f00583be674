from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "safeguarding.learning"
    label = "learning"
    verbose_name = "Learning"
