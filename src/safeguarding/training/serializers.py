"""The training API's serializers (training/api.py): the output of each record, and the input of
each write, types and choices only (the services hold the rules)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.training.models import (
    Booking,
    BookingStatus,
    CommissionedAttendance,
    CommissionedTraining,
    Course,
    CourseLevel,
    Delegate,
    Evaluation,
    EvaluationStage,
    PracticeChange,
    Question,
    Rating,
    Requirement,
    Session,
    WebinarWeek,
)

# Output


class CourseThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "position", "text"]
        read_only_fields = fields


def _slug() -> serializers.SlugRelatedField[Partnership]:
    return serializers.SlugRelatedField(slug_field="slug", read_only=True)


class CourseSerializer(serializers.ModelSerializer):
    """A course of the catalogue with its current self-rating questions, in order."""

    partnership = _slug()
    themes = CourseThemeSerializer(many=True, read_only=True)
    questions = QuestionSerializer(
        many=True, read_only=True, source="current_questions", help_text="Asked before and after."
    )

    class Meta:
        model = Course
        fields = [
            "id",
            "partnership",
            "title",
            "level",
            "description",
            "audience",
            "duration_hours",
            "default_capacity",
            "scale",
            "needs_manager_approval",
            "themes",
            "created_on",
            "retired_on",
            "questions",
        ]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)
    places_left = serializers.IntegerField(read_only=True, help_text="Places not yet held.")
    waiting = serializers.IntegerField(read_only=True, help_text="On the waiting list.")

    class Meta:
        model = Session
        fields = [
            "id",
            "course",
            "course_title",
            "starts_at",
            "ends_at",
            "venue",
            "online",
            "trainer",
            "capacity",
            "places_left",
            "waiting",
            "cancelled_on",
        ]
        read_only_fields = fields


class BookingSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="session.course_id", read_only=True)
    course_title = serializers.CharField(source="session.course.title", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    delegate_name = serializers.CharField(source="delegate.name", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    evaluated = serializers.SerializerMethodField(help_text="The stages completed.")

    class Meta:
        model = Booking
        fields = [
            "id",
            "session",
            "course",
            "course_title",
            "starts_at",
            "delegate",
            "delegate_name",
            "agency",
            "agency_name",
            "status",
            "attendance",
            "requested_at",
            "waiting_since",
            "cancelled_at",
            "evaluated",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=EvaluationStage.choices))
    )
    def get_evaluated(self, obj: Booking) -> list[str]:
        return [evaluation.stage for evaluation in obj.evaluations.all()]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["question", "pre", "post"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    ratings = serializers.SerializerMethodField(help_text="The booking's ratings, both stages.")

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "booking",
            "stage",
            "completed_at",
            "feedback",
            "consent_to_quote",
            "quote_chosen",
            "practice_changed",
            "ratings",
        ]
        read_only_fields = fields

    @extend_schema_field(RatingSerializer(many=True))
    def get_ratings(self, obj: Evaluation) -> list[dict[str, Any]]:
        rows = obj.booking.ratings.order_by("question__position", "question_id")
        return list(RatingSerializer(rows, many=True).data)


class DelegateSerializer(serializers.ModelSerializer):
    partnership = _slug()
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Delegate
        fields = [
            "id",
            "partnership",
            "name",
            "email",
            "agency",
            "agency_name",
            "job_role",
            "manager_email",
            "left_on",
        ]
        read_only_fields = fields


class WebinarWeekSerializer(serializers.ModelSerializer):
    partnership = _slug()
    themes = CourseThemeSerializer(many=True, read_only=True)

    class Meta:
        model = WebinarWeek
        fields = [
            "id",
            "partnership",
            "title",
            "starts_on",
            "webinars",
            "attendees",
            "recording_views",
            "themes",
        ]
        read_only_fields = fields


class CommissionedAttendanceSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = CommissionedAttendance
        fields = ["agency", "agency_name", "attendees"]
        read_only_fields = fields


class CommissionedTrainingSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)
    attendance = CommissionedAttendanceSerializer(many=True, read_only=True)
    attendees = serializers.SerializerMethodField(help_text="Every agency's together.")

    class Meta:
        model = CommissionedTraining
        fields = [
            "id",
            "course",
            "course_title",
            "provider",
            "audience",
            "delivered_on",
            "attendees",
            "attendance",
        ]
        read_only_fields = fields

    def get_attendees(self, obj: CommissionedTraining) -> int:
        return sum(line.attendees for line in obj.attendance.all())


class RequirementSerializer(serializers.ModelSerializer):
    agency_name = serializers.SerializerMethodField(help_text="Null: every agency.")
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = Requirement
        fields = [
            "id",
            "agency",
            "agency_name",
            "job_role",
            "course",
            "course_title",
            "renew_every_months",
            "retired_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_agency_name(self, obj: Requirement) -> str | None:
        agency: Agency | None = obj.agency
        return agency.name if agency else None


class GainSerializer(serializers.Serializer):
    """Learning gain over matched pairs (docs/training.md, "Figures")."""

    n = serializers.IntegerField(help_text="Matched pairs (a rating before and after).")
    unmatched = serializers.IntegerField(help_text="Ratings without their pair: excluded.")
    ceiling = serializers.IntegerField(help_text="Pairs rated at the top before: no g.")
    mean_pre = serializers.DecimalField(max_digits=6, decimal_places=2)
    mean_post = serializers.DecimalField(max_digits=6, decimal_places=2)
    headline = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text="(mean post − mean pre) as a % of the range."
    )
    normalised = serializers.DecimalField(
        max_digits=7,
        decimal_places=4,
        allow_null=True,
        help_text="Mean of (post − pre) ÷ (max − pre); null when every pair is at the top.",
    )
    improved = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text="% of pairs rated higher after."
    )


class GainGroupSerializer(serializers.Serializer):
    key = serializers.ListField(
        child=serializers.CharField(), help_text="The group's course title and/or agency name."
    )
    gain = GainSerializer(allow_null=True)


class LearningGainSerializer(serializers.Serializer):
    partnership = serializers.CharField()
    year = serializers.CharField()
    by = serializers.ListField(child=serializers.CharField())
    total = GainSerializer(allow_null=True)
    groups = GainGroupSerializer(many=True)


# Input


class CourseFilterSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=CourseLevel.choices, required=False)
    include_retired = serializers.BooleanField(
        required=False, default=False, help_text="Otherwise only current courses."
    )


class SessionFilterSerializer(serializers.Serializer):
    course = serializers.IntegerField(required=False, help_text="The course's id.")
    upcoming = serializers.BooleanField(
        required=False, default=False, help_text="Only sessions not yet started nor cancelled."
    )


class BookSerializer(serializers.Serializer):
    agency = serializers.IntegerField(
        required=False, help_text="Your agency's id, the first time (else your membership's)."
    )
    job_role = serializers.CharField(required=False, allow_blank=True, max_length=200)


class BookingFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, default=False, help_text="Only your own.")
    session = serializers.IntegerField(required=False, help_text="The session's id.")
    status = serializers.ChoiceField(choices=BookingStatus.choices, required=False)


class EvaluateSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=EvaluationStage.choices)
    ratings = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        default=dict,
        help_text='Before or after the course: question id → rating, like {"12": 4, "13": 3}.',
    )
    feedback = serializers.CharField(required=False, allow_blank=True, default="")
    consent_to_quote = serializers.BooleanField(required=False, default=False)
    practice_changed = serializers.ChoiceField(
        choices=PracticeChange.choices, required=False, help_text="The follow-up survey's answer."
    )


class DelegateFilterSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, help_text="The agency's id.")
    search = serializers.CharField(required=False, help_text="Part of the name or email.")


class _DelegateFields(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    agency = serializers.IntegerField(help_text="The id of an agency serving the partnership.")
    job_role = serializers.CharField(required=False, allow_blank=True, max_length=200)
    manager_email = serializers.EmailField(required=False, allow_blank=True)


class DelegateChangeSerializer(_DelegateFields):
    left_on = serializers.DateField(required=False, allow_null=True)


class DelegateCreateSerializer(_DelegateFields):
    """A new delegate: in a partnership, and not (yet) left."""

    partnership = serializers.SlugField(help_text="The partnership's short name.")


class LearningGainQuerySerializer(serializers.Serializer):
    partnership = serializers.SlugField(help_text="The partnership's short name.")
    year = serializers.CharField(required=False, help_text="A reporting year like 2023-24.")
    course = serializers.IntegerField(required=False, help_text="Only this course (its id).")
    agency = serializers.IntegerField(required=False, help_text="Only this booking agency.")
    by = serializers.ChoiceField(
        choices=[("course", "By course"), ("agency", "By agency")],
        required=False,
        help_text="Group the figures by course or by agency.",
    )
