"""The reviews API's serializers (reviews/api.py): the output of each record, with its clock,
and the input of each step, types and choices only (the services hold the rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safeguarding.core.calendar import Clock, ClockState
from safeguarding.core.models import Partnership, Theme
from safeguarding.reviews.clocks import (
    DueSoon,
    notification_clock,
    practice_review_clock,
    rapid_review_clock,
    summary_clock,
)
from safeguarding.reviews.models import (
    AgeBand,
    AgencySummary,
    HarmType,
    IncidentOutcome,
    LearningReview,
    LearningReviewKind,
    Notification,
    PanelResponse,
    PracticeReview,
    RapidReview,
    ReviewDecision,
    Sex,
)

# Output


class ClockSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ClockState.choices)
    due = serializers.DateField()
    working_days_late = serializers.IntegerField()


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name"]
        read_only_fields = fields


class ClockedSerializer(serializers.ModelSerializer):
    """A record with its statutory clock today; the view puts `today` and each partnership's
    "due soon" windows (`due_soon`, by partnership id) in the context."""

    clock = serializers.SerializerMethodField()

    def clock_of(self, obj: Any, due_soon: DueSoon, today: dt.date) -> Clock:
        raise NotImplementedError

    def partnership_id_of(self, obj: Any) -> int:
        raise NotImplementedError

    @extend_schema_field(ClockSerializer)
    def get_clock(self, obj: Any) -> dict[str, Any]:
        due_soon = self.context["due_soon"][self.partnership_id_of(obj)]
        return dict(ClockSerializer(self.clock_of(obj, due_soon, self.context["today"])).data)


class NotificationSerializer(ClockedSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    rapid_review = serializers.SerializerMethodField(help_text="Its rapid review's id, if any.")

    class Meta:
        model = Notification
        fields = [
            "id",
            "partnership",
            "case_code",
            "aware_on",
            "notified_on",
            "due_on",
            "outcome",
            "harm",
            "age_band",
            "sex",
            "looked_after",
            "local_authority",
            "rapid_review",
            "clock",
        ]
        read_only_fields = fields

    def partnership_id_of(self, obj: Notification) -> int:
        return obj.partnership_id

    def clock_of(self, obj: Notification, due_soon: DueSoon, today: dt.date) -> Clock:
        return notification_clock(obj, due_soon, today)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_rapid_review(self, obj: Notification) -> int | None:
        review = getattr(obj, "rapid_review", None)
        return review.pk if review else None


class SummarySerializer(ClockedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = AgencySummary
        fields = [
            "id",
            "rapid_review",
            "agency",
            "agency_name",
            "requested_on",
            "due_on",
            "returned_on",
            "summary",
            "clock",
        ]
        read_only_fields = fields

    def partnership_id_of(self, obj: AgencySummary) -> int:
        return obj.rapid_review.notification.partnership_id

    def clock_of(self, obj: AgencySummary, due_soon: DueSoon, today: dt.date) -> Clock:
        return summary_clock(obj, due_soon, today)


class RapidReviewSerializer(ClockedSerializer):
    partnership = serializers.CharField(source="notification.partnership.slug", read_only=True)
    case_code = serializers.CharField(source="notification.case_code", read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    summaries = SummarySerializer(
        source="visible_summaries",
        many=True,
        read_only=True,
        help_text="The agency summaries you may see: an agency lead sees only their agency's.",
    )

    class Meta:
        model = RapidReview
        fields = [
            "id",
            "partnership",
            "notification",
            "case_code",
            "title",
            "due_on",
            "meeting_on",
            "completed_on",
            "decision",
            "sent_to_panel_on",
            "panel_response",
            "panel_response_on",
            "themes",
            "source",
            "clock",
            "summaries",
        ]
        read_only_fields = fields

    def partnership_id_of(self, obj: RapidReview) -> int:
        return obj.notification.partnership_id

    def clock_of(self, obj: RapidReview, due_soon: DueSoon, today: dt.date) -> Clock:
        notified_on = obj.notification.notified_on
        assert notified_on is not None  # a rapid review starts only from a sent notification
        return rapid_review_clock(obj, notified_on, due_soon, today)


class PracticeReviewSerializer(ClockedSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = PracticeReview
        fields = [
            "id",
            "partnership",
            "rapid_review",
            "title",
            "decided_on",
            "due_on",
            "reviewer",
            "terms_of_reference",
            "sent_to_panel_on",
            "published_on",
            "published_url",
            "themes",
            "source",
            "clock",
        ]
        read_only_fields = fields

    def partnership_id_of(self, obj: PracticeReview) -> int:
        return obj.partnership_id

    def clock_of(self, obj: PracticeReview, due_soon: DueSoon, today: dt.date) -> Clock:
        return practice_review_clock(obj, due_soon, today)


class LearningReviewSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = LearningReview
        fields = [
            "id",
            "partnership",
            "title",
            "kind",
            "rationale",
            "started_on",
            "completed_on",
            "themes",
            "source",
        ]
        read_only_fields = fields


# Input: types and choices only; the services hold the rules


def _partnership() -> serializers.SlugField:
    return serializers.SlugField(help_text="The partnership's short name.")


def _themes() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The ids of its themes."
    )


class NotificationChangeSerializer(serializers.Serializer):
    case_code = serializers.CharField(max_length=40, help_text="The child's code, never a name.")
    aware_on = serializers.DateField()
    notified_on = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.ChoiceField(choices=IncidentOutcome.choices)
    harm = serializers.ChoiceField(choices=HarmType.choices)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    sex = serializers.ChoiceField(choices=Sex.choices)
    looked_after = serializers.BooleanField(required=False, default=False)
    local_authority = serializers.CharField(max_length=200)


class NotificationCreateSerializer(NotificationChangeSerializer):
    partnership = _partnership()


class RapidReviewChangeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    themes = _themes()


class MeetingSerializer(serializers.Serializer):
    meeting_on = serializers.DateField()


class CompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)


class SentSerializer(serializers.Serializer):
    sent_to_panel_on = serializers.DateField()


class PanelResponseSerializer(serializers.Serializer):
    panel_response = serializers.ChoiceField(choices=PanelResponse.choices)
    panel_response_on = serializers.DateField()


class SummariesRequestSerializer(serializers.Serializer):
    agencies = serializers.ListField(
        child=serializers.IntegerField(), help_text="The ids of the agencies to ask."
    )
    requested_on = serializers.DateField()
    due_on = serializers.DateField()


class SummaryReturnSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The agency's summary.")
    returned_on = serializers.DateField()


class PracticeReviewChangeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    decided_on = serializers.DateField()
    reviewer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    terms_of_reference = serializers.CharField(required=False, allow_blank=True)
    themes = _themes()


class PracticeReviewCreateSerializer(PracticeReviewChangeSerializer):
    partnership = _partnership()
    rapid_review = serializers.IntegerField(
        required=False, allow_null=True, help_text="The rapid review that decided on it."
    )


class PublishSerializer(serializers.Serializer):
    published_on = serializers.DateField()
    published_url = serializers.URLField(required=False, allow_blank=True)


class LearningReviewChangeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=LearningReviewKind.choices)
    rationale = serializers.CharField()
    started_on = serializers.DateField()
    themes = _themes()


class LearningReviewCreateSerializer(LearningReviewChangeSerializer):
    partnership = _partnership()


class LearningCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
