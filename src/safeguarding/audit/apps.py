from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeguarding.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from safeguarding.accounts.roles import Role
        from safeguarding.audit import receivers  # noqa: F401  (sign-in events)
        from safeguarding.core.navigation import register_nav

        register_nav(
            "Audit log",
            "audit:log",
            section="audit",
            order=95,
            roles=frozenset({Role.ADMINISTRATOR}),
        )
