"""Forms for the booking pages. They parse input; the services hold the rules.

GOV.UK has no pattern for a time of day, so a session is a date (day, month, year) and two text
boxes for its start and end times in 24-hour form, each checked here with a message naming it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from safeguarding.core.govuk_forms import GovukDateField, GovukForm, limit_choices
from safeguarding.core.models import Agency, Theme
from safeguarding.governance.models import Priority
from safeguarding.training.models import (
    Attendance,
    Booking,
    BookingStatus,
    Course,
    CourseLevel,
    RatingScale,
)

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


# Courses


class CourseForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    level = forms.ChoiceField(label="Level", choices=CourseLevel.choices, widget=forms.RadioSelect)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    audience = forms.CharField(
        label="Audience", max_length=300, required=False, help_text="Who the course is for."
    )
    duration_hours = forms.DecimalField(
        label="Duration in hours",
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text="For example, 6.5.",
    )
    default_capacity = forms.IntegerField(label="Places on a new session", min_value=1, initial=20)
    scale = forms.TypedChoiceField(
        label="Self-rating scale",
        choices=RatingScale.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=RatingScale.FIVE,
        help_text="The scale of the course's before and after questions.",
    )
    needs_manager_approval = forms.BooleanField(
        label="Bookings need the delegate's manager to approve them", required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label="Learning themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priorities = forms.ModelMultipleChoiceField(
        label="Partnership priorities",
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The priorities whose part of the yearly report cites this course.",
    )

    def __init__(
        self, *args: Any, themes: QuerySet[Theme], priorities: QuerySet[Priority], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "themes", themes)
        limit_choices(self, "priorities", priorities)


class QuestionForm(GovukForm):
    text = forms.CharField(
        label="Question",
        max_length=300,
        help_text="Asked before and after the course, like “How confident are you in …?”",
    )
    position = forms.IntegerField(
        label="Position", min_value=1, required=False, help_text="Leave blank to add it last."
    )


class QuestionEditForm(QuestionForm):
    position = forms.IntegerField(label="Position", min_value=1)


# Sessions


def parse_time(value: str, label: str) -> dt.time:
    """A 24-hour time typed like 09:30 (or 9.30); refused with a message naming the field."""
    match = _TIME.match(value.strip())
    example = f"{label} must be a 24-hour time, like 09:30"
    if not match:
        raise forms.ValidationError(example)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise forms.ValidationError(f"{example} (hours 0 to 23, minutes 0 to 59)")
    return dt.time(hour, minute)


class TimeText(forms.CharField):
    """A time of day typed in a short text box (`govuk_width` sizes it in training/form.html)."""

    govuk_width = "5"


class SessionForm(GovukForm):
    date = GovukDateField(label="Date of the session")
    start_time = TimeText(
        label="Start time", max_length=5, help_text="24-hour time, for example 09:30."
    )
    end_time = TimeText(
        label="End time", max_length=5, help_text="24-hour time, for example 16:30."
    )
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    online = forms.BooleanField(label="Online", required=False)
    trainer = forms.CharField(label="Trainer", max_length=200, required=False)
    capacity = forms.IntegerField(label="Places", min_value=1)

    def clean_start_time(self) -> dt.time:
        return parse_time(self.cleaned_data["start_time"], "Start time")

    def clean_end_time(self) -> dt.time:
        return parse_time(self.cleaned_data["end_time"], "End time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end and end <= start:
            self.add_error("end_time", "End time must be after the start time")
        if not data.get("online") and not (data.get("venue") or "").strip():
            self.add_error("venue", "Enter venue, or say the session is online")
        return data

    def session_fields(self) -> dict[str, Any]:
        """The cleaned data as the session services take it: `starts_at` and `ends_at` in the
        partnership's time zone."""
        data = dict(self.cleaned_data)
        day: dt.date = data.pop("date")
        start: dt.time = data.pop("start_time")
        end: dt.time = data.pop("end_time")
        zone = timezone.get_current_timezone()
        data["starts_at"] = dt.datetime.combine(day, start, tzinfo=zone)
        data["ends_at"] = dt.datetime.combine(day, end, tzinfo=zone)
        return data


def field_values(record: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """A record's fields as a form's initial values."""
    return {name: getattr(record, name) for name in fields}


def session_initial(starts_at: dt.datetime, ends_at: dt.datetime) -> dict[str, Any]:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return {
        "date": start.date(),
        "start_time": f"{start:%H:%M}",
        "end_time": f"{end:%H:%M}",
    }


class SessionCancelForm(GovukForm):
    cancelled_on = GovukDateField(label="Date cancelled")


# Bookings


class ConfirmForm(GovukForm):
    """A button only: the page says what will happen, the service may still refuse."""


class BookForm(GovukForm):
    """Booking a place. A user booking for the first time without an agency of their own in the
    partnership (a business unit member) says which agency they work for."""

    agency = forms.ModelChoiceField(
        label="Your agency",
        queryset=Agency.objects.none(),
        help_text="Your training counts for this agency.",
    )
    job_role = forms.CharField(label="Your job role", max_length=200, required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
            del self.fields["job_role"]
        else:
            limit_choices(self, "agency", agencies)


_SELECT = {"class": "govuk-select"}


class BookingFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.none(),
        required=False,
        empty_label="All courses",
        widget=forms.Select(attrs=_SELECT),
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        widget=forms.Select(attrs=_SELECT),
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "All statuses"), *BookingStatus.choices],
        required=False,
        widget=forms.Select(attrs=_SELECT),
    )

    def __init__(
        self, *args: Any, courses: QuerySet[Course], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "course", courses)
        limit_choices(self, "agency", agencies)


# The register


def register_field(booking: Booking) -> str:
    return f"booking_{booking.pk}"


class RegisterForm(GovukForm):
    """One radio group per booked delegate: attended, did not attend, cancelled late."""

    def __init__(self, *args: Any, bookings: list[Booking], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for booking in bookings:
            self.fields[register_field(booking)] = forms.ChoiceField(
                label=f"Attendance of {booking.delegate.name}",
                choices=Attendance.choices,
                widget=forms.RadioSelect,
                help_text=str(booking.agency),
                error_messages={"required": f"Select attendance of {booking.delegate.name}"},
            )
        self.bookings = {register_field(booking): booking for booking in bookings}

    def marks(self) -> dict[int, str]:
        """booking id → attendance, as `services.register_take` takes them."""
        return {booking.pk: self.cleaned_data[name] for name, booking in self.bookings.items()}
