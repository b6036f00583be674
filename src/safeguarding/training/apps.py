from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safeguarding.training"
    label = "training"
    verbose_name = "Training"
