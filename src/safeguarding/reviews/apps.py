from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "safeguarding.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from safeguarding.core.navigation import register_due_provider, register_nav
        from safeguarding.reviews.policies import READ_SOME
        from safeguarding.reviews.selectors import due_items

        register_nav("Reviews", "reviews:review_list", section="reviews", order=30, roles=READ_SOME)
        register_due_provider(due_items)
        register_source_links()


def register_source_links() -> None:
    """A review's learning page links back to the review."""
    from django.urls import reverse

    from safeguarding.learning.links import register_source_link
    from safeguarding.learning.models import Source, SourceKind

    def link(name: str, record: str) -> None:
        def resolve(source: Source) -> str | None:
            review = getattr(source, record, None)  # None: a source not (yet) tied to a review
            return (
                reverse(f"reviews:{name}", args=[source.partnership.slug, review.pk])
                if review
                else None
            )

        register_source_link(SourceKind(record), resolve)

    link("rapid_review_detail", "rapid_review")
    link("practice_review_detail", "practice_review")
    link("learning_review_detail", "learning_review")
