from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safeguarding.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from safeguarding.core.navigation import register_due_provider, register_nav
        from safeguarding.training.due import evaluation_items
        from safeguarding.training.selectors import due_items

        register_nav("Training", "training:course_list", section="training", order=45)
        register_due_provider(due_items)
        register_due_provider(evaluation_items)
