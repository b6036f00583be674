"""Training and learning gain: the course catalogue, sessions, delegates and their bookings, the
attendance register, pre- and post-course self-ratings, the follow-up impact survey, webinar
weeks, commissioned training and the training each agency's roles must keep in date.

A `Delegate` is a person who trains, known by their work email within the partnership: a
practitioner who books in the Hub is one (linked to their user), and so is a person from an
agency's staff list or a past booking system's register brought in by a data pack. Bookings record
the delegate's agency as it was when they booked, so the numbers trained by agency stay true when
someone moves.

Ratings are stored one row per booking and question with the pre-course and post-course rating
side by side, so a matched pair is a row with both, and learning gain is one aggregate over one
table (domain.md §9; docs/training.md states the formulas).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from safeguarding.core.models import Agency, Partnership, RetirableQuerySet, Theme


class CourseLevel(models.TextChoices):
    CORE = "core", "Core"
    FUNDED = "funded", "Funded"
    COMMISSIONED = "commissioned", "Commissioned"
    WEBINAR = "webinar", "Webinar"
    E_LEARNING = "e_learning", "E-learning"


class RatingScale(models.IntegerChoices):
    FIVE = 5, "1 to 5"
    TEN = 10, "1 to 10"


#: Every rating scale starts at 1.
SCALE_MIN = 1


class Course(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=CourseLevel.choices)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=300, blank=True, help_text="Who the course is for.")
    duration_hours = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    default_capacity = models.PositiveIntegerField(
        default=20, validators=[MinValueValidator(1)], help_text="Places on a new session."
    )
    scale = models.PositiveSmallIntegerField(
        choices=RatingScale.choices,
        default=RatingScale.FIVE,
        help_text="The self-rating scale of its evaluation questions.",
    )
    needs_manager_approval = models.BooleanField(
        default=False, help_text="A booking holds a place until the delegate's manager approves."
    )
    themes = models.ManyToManyField(Theme, related_name="courses", blank=True)
    priorities = models.ManyToManyField(
        "governance.Priority",
        related_name="courses",
        blank=True,
        help_text="The partnership priorities whose part of the yearly report cites this course.",
    )
    created_on = models.DateField()
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["level", "title"]
        constraints = [
            models.UniqueConstraint("partnership", Lower("title"), name="course_title_unique_ci")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scale_range(self) -> int:
        return int(self.scale) - SCALE_MIN


class Question(models.Model):
    """A self-rating question asked before and after the course ("How confident are you ...")."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=1)
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["course", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    online = models.BooleanField(default=False)
    trainer = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    cancelled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["course", "starts_at"], name="session_course_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %b %Y}"


class Delegate(models.Model):
    """A person who trains, known by their work email within the partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="delegates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegates",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="delegates")
    job_role = models.CharField(max_length=200, blank=True)
    manager_email = models.EmailField(blank=True)
    left_on = models.DateField(null=True, blank=True, help_text="Left the agency's staff list.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint("partnership", Lower("email"), name="delegate_email_unique_ci"),
            models.UniqueConstraint(
                fields=["partnership", "user"],
                condition=Q(user__isnull=False),
                name="delegate_user_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.TextChoices):
    PENDING = "pending", "Awaiting manager approval"
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    DECLINED = "declined", "Not approved"


#: Bookings that hold a place on the session.
HOLDS_PLACE = (BookingStatus.PENDING, BookingStatus.BOOKED)
#: Bookings still alive: a delegate has at most one of these per session.
LIVE = (*HOLDS_PLACE, BookingStatus.WAITING)


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_LATE = "cancelled_late", "Cancelled late"


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="bookings")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", help_text="As when they booked."
    )
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    requested_at = models.DateTimeField()
    waiting_since = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The manager who approved or declined it.",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [
            models.Index(fields=["session", "status"], name="booking_session_status"),
            models.Index(fields=["agency", "attendance"], name="booking_agency_attendance"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegate"],
                condition=Q(status__in=LIVE),
                name="booking_live_once",
            ),
            models.CheckConstraint(
                condition=Q(status=BookingStatus.WAITING, waiting_since__isnull=False)
                | ~Q(status=BookingStatus.WAITING),
                name="booking_waiting_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} on {self.session}"


class EvaluationStage(models.TextChoices):
    PRE = "pre", "Before the course"
    POST = "post", "After the course"
    FOLLOW_UP = "follow_up", "Follow-up impact survey"


class PracticeChange(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Evaluation(models.Model):
    """One delegate's completed evaluation at one stage; the ratings are `Rating` rows."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="evaluations")
    stage = models.CharField(max_length=20, choices=EvaluationStage.choices)
    completed_at = models.DateTimeField()
    feedback = models.TextField(blank=True)
    consent_to_quote = models.BooleanField(default=False)
    quote_chosen = models.BooleanField(
        default=False, help_text="Chosen by the training officer for the yearly report."
    )
    practice_changed = models.CharField(
        max_length=10,
        choices=PracticeChange.choices,
        blank=True,
        help_text="Follow-up survey: has the training changed your practice?",
    )

    class Meta:
        ordering = ["completed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "stage"], name="evaluation_stage_once"),
            models.CheckConstraint(
                condition=Q(quote_chosen=False) | Q(consent_to_quote=True),
                name="evaluation_quote_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.booking}"


class Rating(models.Model):
    """A delegate's self-rating on one question, before and after the course."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="ratings")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="ratings")
    pre = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(10)]
    )
    post = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["booking", "question"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "question"], name="rating_once"),
            models.CheckConstraint(
                condition=(Q(pre__isnull=True) | Q(pre__gte=SCALE_MIN, pre__lte=10))
                & (Q(post__isnull=True) | Q(post__gte=SCALE_MIN, post__lte=10)),
                name="rating_on_a_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.pre} then {self.post}"


class WebinarWeek(models.Model):
    """A themed week of webinars: live attendees and views of the recordings."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="webinar_weeks"
    )
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    webinars = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    attendees = models.PositiveIntegerField(default=0)
    recording_views = models.PositiveIntegerField(default=0)
    themes = models.ManyToManyField(Theme, related_name="webinar_weeks", blank=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("title"), "starts_on", name="webinar_week_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reached(self) -> int:
        return self.attendees + self.recording_views


class CommissionedTraining(models.Model):
    """Training the partnership commissioned from a provider, with its attendees by agency."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="commissions")
    provider = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=200, help_text="Who attended, e.g. managers.")
    delivered_on = models.DateField()

    class Meta:
        ordering = ["-delivered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course} ({self.delivered_on:%b %Y})"


class CommissionedAttendance(models.Model):
    commissioned = models.ForeignKey(
        CommissionedTraining, on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    attendees = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioned", "agency"], name="commissioned_agency_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.attendees}"


class Requirement(models.Model):
    """A role that must have a course, and how often it must be renewed (None: once)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="training_requirements"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty for every agency.",
    )
    job_role = models.CharField(max_length=200)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requirements")
    renew_every_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    retired_on = models.DateField(null=True, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["job_role", "course__title"]
        constraints = [
            models.UniqueConstraint(
                "partnership", "agency", Lower("job_role"), "course", name="requirement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_role}: {self.course}"
