"""Notifications, rapid reviews (with the agency summaries you may see), practice reviews and
learning reviews over the API (docs/api.md).

Reads go through the reviews policies, writes through the same services as the pages, one
endpoint per step the pages take, so the same rules and audit entries apply. Roles with no part
in reviews (practitioners, LADO, CDOP) get 403 from every endpoint, as from every page.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from safeguarding.accounts.scope import Scope
from safeguarding.api.base import ListRetrieveViewSet, create_schema, read_schemas, write_schema
from safeguarding.core import selectors as core_selectors
from safeguarding.core.models import Agency, Theme
from safeguarding.reviews import policies, selectors, services
from safeguarding.reviews.models import (
    AgencySummary,
    LearningReview,
    Notification,
    PracticeReview,
    RapidReview,
)
from safeguarding.reviews.serializers import (
    CompleteSerializer,
    LearningCompleteSerializer,
    LearningReviewChangeSerializer,
    LearningReviewCreateSerializer,
    LearningReviewSerializer,
    MeetingSerializer,
    NotificationChangeSerializer,
    NotificationCreateSerializer,
    NotificationSerializer,
    PanelResponseSerializer,
    PracticeReviewChangeSerializer,
    PracticeReviewCreateSerializer,
    PracticeReviewSerializer,
    PublishSerializer,
    RapidReviewChangeSerializer,
    RapidReviewSerializer,
    SentSerializer,
    SummariesRequestSerializer,
    SummaryReturnSerializer,
    SummarySerializer,
)


def _bad(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _themes_of(scope: Scope, ids: list[int]) -> list[Theme]:
    found = list(core_selectors.themes_for(scope.partnership).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise _bad("themes", "Choose themes of this partnership, by their ids.")
    return found


def _agencies_of(scope: Scope, ids: list[int]) -> list[Agency]:
    found = list(core_selectors.current_agencies_serving(scope.partnership).filter(pk__in=ids))
    if not ids or len(found) != len(set(ids)):
        raise _bad("agencies", "Choose agencies that serve this partnership, by their ids.")
    return found


# Endpoints


class ReviewViewSet(ListRetrieveViewSet):
    """What every reviews endpoint shares: 403 for roles with no part in reviews, and the
    clocks' context for the output."""

    list_needs_read_role = True

    @cached_property
    def output_context(self) -> dict[str, Any]:
        return {
            "today": timezone.localdate(),
            "due_soon": {
                s.partnership.pk: selectors.due_soon_for(s.partnership) for s in self.scopes
            },
        }


@extend_schema_view(
    **read_schemas(NotificationSerializer),
    create=create_schema(NotificationCreateSerializer, NotificationSerializer),
    partial_update=write_schema(NotificationChangeSerializer, NotificationSerializer),
)
class NotificationViewSet(ReviewViewSet):
    """Serious incident notifications, with the clock that runs from the day the local authority
    became aware to the day the Panel was notified."""

    policy = policies.notifications
    queryset = Notification.objects.none()
    serializer_class = output = NotificationSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.notifications_for_api(rows)

    def create(self, request: Request) -> Response:
        """Record a notification in the partnership named in the body."""
        data = self.validated(NotificationCreateSerializer)
        del data["partnership"]
        notification = services.notification_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(notification)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given; a corrected date moves the clocks that run from it."""
        return self.write(
            NotificationChangeSerializer,
            lambda n, data: services.notification_update(
                actor=self.user, notification=n, data=data
            ),
            partial=True,
        )

    @write_schema(
        RapidReviewChangeSerializer,
        RapidReviewSerializer,
        "notifications_start_review",
        status.HTTP_201_CREATED,
    )
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request: Request, pk: int) -> Response:
        """Start the rapid review of a notification sent to the Panel."""
        notification = self.get_object()
        data = self.validated(RapidReviewChangeSerializer)
        review = services.rapid_review_start(
            actor=self.user,
            notification=notification,
            title=data["title"],
            themes=_themes_of(self.scope, data.get("themes", [])),
        )
        rows = policies.rapid_reviews.visible(self.scope).filter(pk=review.pk)
        shown = selectors.rapid_reviews_for_api(rows, selectors.summaries_visible([self.scope]))
        body = RapidReviewSerializer(shown.get(), context=self.output_context).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    **read_schemas(RapidReviewSerializer),
    partial_update=write_schema(RapidReviewChangeSerializer, RapidReviewSerializer),
    meeting=write_schema(MeetingSerializer, RapidReviewSerializer, "rapid_reviews_meeting"),
    complete=write_schema(CompleteSerializer, RapidReviewSerializer, "rapid_reviews_complete"),
    sent=write_schema(SentSerializer, RapidReviewSerializer, "rapid_reviews_sent"),
    record_response=write_schema(
        PanelResponseSerializer, RapidReviewSerializer, "rapid_reviews_response"
    ),
    request_summaries=write_schema(
        SummariesRequestSerializer, RapidReviewSerializer, "rapid_reviews_request_summaries"
    ),
)
class RapidReviewViewSet(ReviewViewSet):
    """Rapid reviews with their clock (15 working days from notification) and the agency
    summaries you may see. An agency lead sees only the reviews that ask their agency."""

    policy = policies.rapid_reviews
    queryset = RapidReview.objects.none()
    serializer_class = output = RapidReviewSerializer
    partnership_path = "notification__partnership"
    policy_actions = {"record_response": "response"}

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.rapid_reviews_for_api(rows, selectors.summaries_visible(self.scopes))

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the title or the themes."""

        def change(review: RapidReview, data: dict[str, Any]) -> object:
            themes = data.get("themes")
            return services.rapid_review_update(
                actor=self.user,
                rapid_review=review,
                title=data.get("title", review.title),
                themes=review.themes.all() if themes is None else _themes_of(self.scope, themes),
            )

        return self.write(RapidReviewChangeSerializer, change, partial=True)

    @action(detail=True, methods=["post"])
    def meeting(self, request: Request, pk: int) -> Response:
        """Record the date of the rapid review meeting."""
        return self.write(
            MeetingSerializer,
            lambda r, data: services.rapid_review_record_meeting(
                actor=self.user, rapid_review=r, **data
            ),
        )

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: int) -> Response:
        """Record the day it was completed (its clock is met) and the partners' decision."""
        return self.write(
            CompleteSerializer,
            lambda r, data: services.rapid_review_complete(actor=self.user, rapid_review=r, **data),
        )

    @action(detail=True, methods=["post"])
    def sent(self, request: Request, pk: int) -> Response:
        """Record the day the completed review went to the national Panel."""
        return self.write(
            SentSerializer,
            lambda r, data: services.rapid_review_record_sent(
                actor=self.user, rapid_review=r, **data
            ),
        )

    @action(detail=True, methods=["post"], url_path="response")
    def record_response(self, request: Request, pk: int) -> Response:
        """Record whether the Panel agreed with the decision, and when it said so."""
        return self.write(
            PanelResponseSerializer,
            lambda r, data: services.rapid_review_record_response(
                actor=self.user, rapid_review=r, **data
            ),
        )

    @action(detail=True, methods=["post"], url_path="request-summaries")
    def request_summaries(self, request: Request, pk: int) -> Response:
        """Ask agencies serving the partnership for their summaries, due on one date."""
        return self.write(
            SummariesRequestSerializer,
            lambda r, data: services.summaries_request(
                actor=self.user,
                rapid_review=r,
                agencies=_agencies_of(self.scope, data["agencies"]),
                requested_on=data["requested_on"],
                due_on=data["due_on"],
            ),
        )


@extend_schema_view(
    **read_schemas(SummarySerializer),
    return_summary=write_schema(
        SummaryReturnSerializer, SummarySerializer, "agency_summaries_return"
    ),
)
class AgencySummaryViewSet(ReviewViewSet):
    """The agency summaries rapid reviews asked for. An agency lead sees and returns only their
    own agency's (another agency's answers 404, returned or not)."""

    policy = policies.summaries
    queryset = AgencySummary.objects.none()
    serializer_class = output = SummarySerializer
    partnership_path = "rapid_review__notification__partnership"
    policy_actions = {"return_summary": "return"}

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.summaries_for_api(rows)

    @action(detail=True, methods=["post"], url_path="return")
    def return_summary(self, request: Request, pk: int) -> Response:
        """Return the summary (again, to correct it): its clock is met."""
        return self.write(
            SummaryReturnSerializer,
            lambda s, data: services.summary_return(actor=self.user, summary=s, **data),
        )


@extend_schema_view(
    **read_schemas(PracticeReviewSerializer),
    create=create_schema(PracticeReviewCreateSerializer, PracticeReviewSerializer),
    partial_update=write_schema(PracticeReviewChangeSerializer, PracticeReviewSerializer),
    sent=write_schema(SentSerializer, PracticeReviewSerializer, "practice_reviews_sent"),
    publish=write_schema(PublishSerializer, PracticeReviewSerializer, "practice_reviews_publish"),
)
class PracticeReviewViewSet(ReviewViewSet):
    """Local child safeguarding practice reviews, due six months from the decision."""

    policy = policies.practice_reviews
    queryset = PracticeReview.objects.none()
    serializer_class = output = PracticeReviewSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.practice_reviews_for_api(rows)

    def create(self, request: Request) -> Response:
        """Record a practice review, optionally from the rapid review that decided on it."""
        data = self.validated(PracticeReviewCreateSerializer)
        del data["partnership"]
        data["themes"] = _themes_of(self.scope, data.get("themes", []))
        data["rapid_review"] = self._rapid_review(data.get("rapid_review"))
        review = services.practice_review_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(review)

    def _rapid_review(self, pk: int | None) -> RapidReview | None:
        if pk is None:
            return None
        review = policies.rapid_reviews.visible(self.scope).filter(pk=pk).first()
        if review is None:
            raise _bad("rapid_review", "Choose one of this partnership's rapid reviews.")
        return review

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given; a corrected decision date moves the due date."""

        def change(review: PracticeReview, data: dict[str, Any]) -> object:
            themes = data.pop("themes", None)
            fields = ("title", "decided_on", "reviewer", "terms_of_reference")
            return services.practice_review_update(
                actor=self.user,
                practice_review=review,
                themes=review.themes.all() if themes is None else _themes_of(self.scope, themes),
                **{field: data.get(field, getattr(review, field)) for field in fields},
            )

        return self.write(PracticeReviewChangeSerializer, change, partial=True)

    @action(detail=True, methods=["post"])
    def sent(self, request: Request, pk: int) -> Response:
        """Record the day it went to the Panel and the Secretary of State."""
        return self.write(
            SentSerializer,
            lambda r, data: services.practice_review_record_sent(
                actor=self.user, practice_review=r, **data
            ),
        )

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: int) -> Response:
        """Record the day it was published (its clock is met) and where."""
        return self.write(
            PublishSerializer,
            lambda r, data: services.practice_review_publish(
                actor=self.user, practice_review=r, **data
            ),
        )


@extend_schema_view(
    **read_schemas(LearningReviewSerializer),
    create=create_schema(LearningReviewCreateSerializer, LearningReviewSerializer),
    partial_update=write_schema(LearningReviewChangeSerializer, LearningReviewSerializer),
    complete=write_schema(
        LearningCompleteSerializer, LearningReviewSerializer, "learning_reviews_complete"
    ),
)
class LearningReviewViewSet(ReviewViewSet):
    """The partnership's non-statutory learning reviews."""

    policy = policies.learning_reviews
    queryset = LearningReview.objects.none()
    serializer_class = output = LearningReviewSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.learning_reviews_for_api(rows)

    def create(self, request: Request) -> Response:
        """Record a learning review and why the partnership is holding it."""
        data = self.validated(LearningReviewCreateSerializer)
        del data["partnership"]
        data["themes"] = _themes_of(self.scope, data.get("themes", []))
        review = services.learning_review_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(review)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given."""

        def change(review: LearningReview, data: dict[str, Any]) -> object:
            themes = data.pop("themes", None)
            fields = ("title", "kind", "rationale", "started_on")
            return services.learning_review_update(
                actor=self.user,
                learning_review=review,
                themes=review.themes.all() if themes is None else _themes_of(self.scope, themes),
                **{field: data.get(field, getattr(review, field)) for field in fields},
            )

        return self.write(LearningReviewChangeSerializer, change, partial=True)

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: int) -> Response:
        """Record the day it was completed."""
        return self.write(
            LearningCompleteSerializer,
            lambda r, data: services.learning_review_complete(
                actor=self.user, learning_review=r, **data
            ),
        )


def register(router: DefaultRouter) -> None:
    router.register("notifications", NotificationViewSet)
    router.register("rapid-reviews", RapidReviewViewSet)
    router.register("agency-summaries", AgencySummaryViewSet)
    router.register("practice-reviews", PracticeReviewViewSet)
    router.register("learning-reviews", LearningReviewViewSet)
