from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeguarding.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from safeguarding.audit import receivers  # noqa: F401  (sign-in events)
