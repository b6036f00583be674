from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "safeguarding.allegations"
    label = "allegations"
    verbose_name = "Allegations (LADO)"

    def ready(self) -> None:
        from safeguarding.allegations.policies import LADO
        from safeguarding.allegations.selectors import due_items
        from safeguarding.audit.restricted import register_restricted
        from safeguarding.core.navigation import register_due_provider, register_nav

        register_nav(
            "Allegations (LADO)",
            "allegations:allegation_list",
            section="allegations",
            order=50,
            roles=LADO,
        )
        register_due_provider(due_items)
        register_restricted("allegations.", LADO)
        register_source_link()


def register_source_link() -> None:
    """An allegation's learning page links back to its record (which only the LADO opens)."""
    from django.urls import reverse

    from safeguarding.learning.links import register_source_link as register
    from safeguarding.learning.models import Source, SourceKind

    def resolve(source: Source) -> str | None:
        allegation = getattr(source, "allegation", None)  # None: not (yet) tied to one
        if allegation is None:
            return None
        return reverse(
            "allegations:allegation_detail", args=[source.partnership.slug, allegation.pk]
        )

    register(SourceKind.ALLEGATION, resolve)
