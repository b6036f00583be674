from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "safeguarding.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from safeguarding.core.navigation import register_due_provider, register_nav
        from safeguarding.learning.due import action_due_items
        from safeguarding.learning.policies import READERS

        register_nav(
            "Learning", "learning:action_list", section="learning", order=40, roles=READERS
        )
        register_due_provider(action_due_items)
