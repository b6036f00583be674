from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "safeguarding.escalations"
    label = "escalations"
    verbose_name = "Resolving professional differences"

    def ready(self) -> None:
        from safeguarding.core.navigation import register_due_provider, register_nav
        from safeguarding.escalations.policies import READ_SOME
        from safeguarding.escalations.selectors import due_items

        register_nav(
            "Professional differences",
            "escalations:escalation_list",
            section="escalations",
            order=35,
            roles=READ_SOME,
        )
        register_due_provider(due_items)
        register_source_link()


def register_source_link() -> None:
    """A difference's learning page links back to the difference."""
    from django.urls import reverse

    from safeguarding.learning.links import register_source_link as register
    from safeguarding.learning.models import Source, SourceKind

    def resolve(source: Source) -> str | None:
        escalation = getattr(source, "escalation", None)  # None: not (yet) tied to a difference
        if escalation is None:
            return None
        return reverse(
            "escalations:escalation_detail", args=[source.partnership.slug, escalation.pk]
        )

    register(SourceKind.ESCALATION, resolve)
