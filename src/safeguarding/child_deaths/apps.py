from django.apps import AppConfig


class ChildDeathsConfig(AppConfig):
    name = "safeguarding.child_deaths"
    label = "child_deaths"
    verbose_name = "Child deaths (CDOP)"

    def ready(self) -> None:
        from safeguarding.audit.restricted import register_restricted
        from safeguarding.child_deaths.policies import CDOP
        from safeguarding.child_deaths.selectors import due_items
        from safeguarding.core.navigation import register_due_provider, register_nav

        register_nav(
            "Child deaths (CDOP)",
            "child_deaths:death_list",
            section="child-deaths",
            order=52,
            roles=CDOP,
        )
        register_due_provider(due_items)
        register_restricted("child_deaths.", CDOP)
        register_source_link()


def register_source_link() -> None:
    """A child death's learning page links back to its record (for the CDOP role: others get
    404 there, as on every child death page)."""
    from django.urls import reverse

    from safeguarding.learning.links import register_source_link as register
    from safeguarding.learning.models import Source, SourceKind

    def resolve(source: Source) -> str | None:
        death = getattr(source, "child_death", None)  # None: a source not tied to a death
        if death is None:
            return None
        return reverse("child_deaths:death_detail", args=[source.partnership.slug, death.pk])

    register(SourceKind.CHILD_DEATH, resolve)
