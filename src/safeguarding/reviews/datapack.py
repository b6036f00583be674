"""The reviews app's sheets in the data pack (docs/data-pack.md): serious incident notifications,
rapid reviews, the agency summaries they asked for, practice reviews and learning reviews.

Every row is saved through the reviews services, in the steps the pages take (a rapid review is
started, its meeting recorded, completed, sent to the Panel, answered), so the same rules and
audit entries apply and each review's learning source is kept in step. A row that corrects
several dates of one review applies each step in the order its rules allow. A date once recorded
cannot be cleared, and a summary's request dates cannot be changed: the services offer no such
step, so such a row is refused with its column named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.datapack.fields import (
    DATE_HELP,
    NO,
    SEPARATOR,
    YES,
    PackChoiceField,
    PackDateField,
    PackListField,
    PackYesNoField,
    choices_help,
    dated,
)
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    Row,
    Sheet,
    cell,
    register,
    split_list,
)
from safeguarding.reviews import services
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

NOT_CLEARED = "This is recorded already and cannot be cleared here: correct it instead."


def _choice(choices: list[tuple[str, str]], required: bool = True) -> PackChoiceField:
    return PackChoiceField(choices=choices, required=required)


class RowForm(forms.Form):
    """A row form with checks between two of its columns, made only when the row has both."""

    def both_or_neither(self, data: dict[str, Any], first: str, second: str) -> None:
        if (
            first in self.data
            and second in self.data
            and bool(data.get(first)) != bool(data.get(second))
        ):
            missing = second if data.get(first) else first
            self.add_error(missing, f"Enter {first} and {second} together, or neither.")

    def not_before(self, data: dict[str, Any], later: str, earlier: str) -> None:
        first, then = data.get(earlier), data.get(later)
        if first and then and then < first:
            self.add_error(later, f"{later} cannot be before {earlier}.")


def _themes_text(record: Any) -> str:
    return SEPARATOR.join(sorted((t.name for t in record.themes.all()), key=str.casefold))


def _themes(partnership: Partnership, text: str) -> list[Theme]:
    """The themes a cell names, each one of the partnership's (by name, any case)."""
    names = split_list(text)
    wanted = {name.casefold() for name in names}
    found = [
        t for t in Theme.objects.filter(partnership=partnership) if t.name.casefold() in wanted
    ]
    unknown = wanted - {theme.name.casefold() for theme in found}
    if unknown:
        missing = ", ".join(name for name in names if name.casefold() in unknown)
        raise ValidationError({"themes": f"There is no theme called “{missing}”."})
    return found


def _chosen_themes(context: ImportContext, row: dict[str, Any], record: Any) -> Iterable[Theme]:
    if "themes" in row:
        return _themes(context.partnership, row["themes"])
    return record.themes.all() if record is not None else ()


def _notification(partnership: Partnership, case_code: str) -> Notification:
    found = Notification.objects.filter(partnership=partnership, case_code__iexact=case_code)
    notification = found.first()
    if notification is None:
        raise ValidationError({"case_code": f"There is no notification for “{case_code}”."})
    return notification


def _rapid_review(partnership: Partnership, case_code: str) -> RapidReview:
    review = (
        RapidReview.objects.filter(
            notification__partnership=partnership, notification__case_code__iexact=case_code
        )
        .select_related("notification")
        .first()
    )
    if review is None:
        raise ValidationError({"case_code": f"There is no rapid review for “{case_code}”."})
    return review


def _agency(partnership: Partnership, name: str) -> Agency:
    agency = Agency.objects.filter(memberships__partnership=partnership, name__iexact=name).first()
    if agency is None:
        raise ValidationError({"agency": f"No agency called “{name}” serves this partnership."})
    return agency


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error against the sheet's column names (its `text` is our `summary`)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): msgs for field, msgs in error.message_dict.items()}
    )


Step = Callable[[], object]


def _run_steps(record: models.Model, steps: list[Step]) -> None:
    """Call each step (a service); one refused because a later step still holds an old date
    (a completion moved past the old date it was sent) is tried again once that step is done.
    The first refusal that no order resolves is the row's error."""
    pending = steps
    while pending:
        refused: list[tuple[Step, ValidationError]] = []
        for step in pending:
            try:
                step()
            except ValidationError as error:
                refused.append((step, error))
                record.refresh_from_db()
        if len(refused) == len(pending):
            raise refused[0][1]
        pending = [step for step, _ in refused]


def _changed(row: dict[str, Any], record: models.Model, *columns: str) -> bool:
    """Whether the row gives a new value for any of the columns."""
    return any(c in row and row[c] != getattr(record, c) for c in columns)


def _given(row: dict[str, Any], record: models.Model, column: str) -> Any:
    """The row's value of `column`, or the record's when the row leaves it out."""
    if column not in row:
        return getattr(record, column)
    if row[column] in (None, "") and getattr(record, column) not in (None, ""):
        raise ValidationError({column: NOT_CLEARED})
    return row[column]


def _pair(row: dict[str, Any], record: models.Model, first: str, second: str) -> tuple[Any, Any]:
    """Two values a step records together (a completion date and its decision): both needed."""
    values = (_given(row, record, first), _given(row, record, second))
    for column, value in zip((first, second), values, strict=True):
        if value in (None, ""):
            raise ValidationError({column: f"Enter {first} and {second} together."})
    return values


# Notifications


class NotificationRowForm(RowForm):
    case_code = forms.CharField(
        max_length=40, error_messages={"required": "Enter the child's case code."}
    )
    aware_on = PackDateField(required_message="Enter the date the local authority became aware.")
    notified_on = PackDateField(required=False)
    outcome = _choice(IncidentOutcome.choices)
    harm = _choice(HarmType.choices)
    age_band = _choice(AgeBand.choices)
    sex = _choice(Sex.choices)
    looked_after = PackYesNoField(required=False)
    local_authority = forms.CharField(
        max_length=200, error_messages={"required": "Enter the local authority."}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.not_before(data, "notified_on", "aware_on")
        return data


def export_notifications(partnership: Partnership) -> Iterator[Row]:
    rows = Notification.objects.filter(partnership=partnership)
    for n in rows.order_by("aware_on", "case_code"):
        yield {
            "case_code": n.case_code,
            "aware_on": cell(n.aware_on),
            "notified_on": cell(n.notified_on),
            "outcome": n.outcome,
            "harm": n.harm,
            "age_band": n.age_band,
            "sex": n.sex,
            "looked_after": YES if n.looked_after else NO,
            "local_authority": n.local_authority,
        }


def save_notification(context: ImportContext, row: dict[str, Any]) -> Notification:
    data = dict(row)
    if "looked_after" in data:
        data["looked_after"] = data["looked_after"] == YES
    notification = Notification.objects.filter(
        partnership=context.partnership, case_code__iexact=data["case_code"]
    ).first()
    if notification is None:
        return services.notification_create(
            actor=context.actor, partnership=context.partnership, **data
        )
    if notification.notified_on is None and data.get("notified_on") is not None:
        notified_on = data.pop("notified_on")  # sent since: the step the page takes
        services.notification_update(actor=context.actor, notification=notification, data=data)
        return services.notification_record_sent(
            actor=context.actor, notification=notification, notified_on=notified_on
        )
    return services.notification_update(actor=context.actor, notification=notification, data=data)


# Rapid reviews


class RapidReviewRowForm(RowForm):
    case_code = forms.CharField(
        max_length=40, error_messages={"required": "Enter the notification's case code."}
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the review's title."}
    )
    meeting_on = PackDateField(required=False)
    completed_on = PackDateField(required=False)
    decision = _choice(ReviewDecision.choices, required=False)
    sent_to_panel_on = PackDateField(required=False)
    panel_response = _choice(PanelResponse.choices, required=False)
    panel_response_on = PackDateField(required=False)
    themes = PackListField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.both_or_neither(data, "completed_on", "decision")
        self.both_or_neither(data, "panel_response", "panel_response_on")
        self.not_before(data, "sent_to_panel_on", "completed_on")
        self.not_before(data, "panel_response_on", "sent_to_panel_on")
        return data


def export_rapid_reviews(partnership: Partnership) -> Iterator[Row]:
    rows = (
        RapidReview.objects.filter(notification__partnership=partnership)
        .select_related("notification")
        .prefetch_related("themes")
    )
    for r in rows.order_by("notification__notified_on", "notification__case_code"):
        yield {
            "case_code": r.notification.case_code,
            "title": r.title,
            "meeting_on": cell(r.meeting_on),
            "completed_on": cell(r.completed_on),
            "decision": r.decision,
            "sent_to_panel_on": cell(r.sent_to_panel_on),
            "panel_response": r.panel_response,
            "panel_response_on": cell(r.panel_response_on),
            "themes": _themes_text(r),
        }


def save_rapid_review(context: ImportContext, row: dict[str, Any]) -> RapidReview:
    notification = _notification(context.partnership, row["case_code"])
    review = RapidReview.objects.filter(notification=notification).first()
    themes = _chosen_themes(context, row, review)
    if review is None:
        review = services.rapid_review_start(
            actor=context.actor, notification=notification, title=row["title"], themes=themes
        )
    elif _changed(row, review, "title") or "themes" in row:
        services.rapid_review_update(
            actor=context.actor, rapid_review=review, title=row["title"], themes=themes
        )
    _run_steps(review, _rapid_review_steps(context, row, review))
    return review


def _rapid_review_steps(
    context: ImportContext, row: dict[str, Any], review: RapidReview
) -> list[Step]:
    actor = context.actor
    steps: list[Step] = []
    if _changed(row, review, "meeting_on"):
        meeting_on = _given(row, review, "meeting_on")
        steps.append(
            lambda: services.rapid_review_record_meeting(
                actor=actor, rapid_review=review, meeting_on=meeting_on
            )
        )
    if _changed(row, review, "completed_on", "decision"):
        completed_on, decision = _pair(row, review, "completed_on", "decision")
        steps.append(
            lambda: services.rapid_review_complete(
                actor=actor, rapid_review=review, completed_on=completed_on, decision=decision
            )
        )
    if _changed(row, review, "sent_to_panel_on"):
        sent_on = _given(row, review, "sent_to_panel_on")
        steps.append(
            lambda: services.rapid_review_record_sent(
                actor=actor, rapid_review=review, sent_to_panel_on=sent_on
            )
        )
    if _changed(row, review, "panel_response", "panel_response_on"):
        response, response_on = _pair(row, review, "panel_response", "panel_response_on")
        steps.append(
            lambda: services.rapid_review_record_response(
                actor=actor,
                rapid_review=review,
                panel_response=response,
                panel_response_on=response_on,
            )
        )
    return steps


# Agency summaries


class AgencySummaryRowForm(RowForm):
    case_code = forms.CharField(
        max_length=40, error_messages={"required": "Enter the rapid review's case code."}
    )
    agency = forms.CharField(max_length=200, error_messages={"required": "Enter the agency."})
    requested_on = PackDateField(required_message="Enter the date the summary was requested.")
    due_on = PackDateField(required_message="Enter the date the summary is due.")
    returned_on = PackDateField(required=False)
    summary = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.not_before(data, "due_on", "requested_on")
        self.not_before(data, "returned_on", "requested_on")
        self.both_or_neither(data, "summary", "returned_on")
        return data


def export_agency_summaries(partnership: Partnership) -> Iterator[Row]:
    rows = AgencySummary.objects.filter(
        rapid_review__notification__partnership=partnership
    ).select_related("rapid_review__notification", "agency")
    order = ("rapid_review__notification__notified_on", "rapid_review__notification__case_code")
    for s in rows.order_by(*order, "agency__name"):
        yield {
            "case_code": s.rapid_review.notification.case_code,
            "agency": s.agency.name,
            "requested_on": cell(s.requested_on),
            "due_on": cell(s.due_on),
            "returned_on": cell(s.returned_on),
            "summary": s.summary,
        }


def save_agency_summary(context: ImportContext, row: dict[str, Any]) -> AgencySummary:
    review = _rapid_review(context.partnership, row["case_code"])
    agency = _agency(context.partnership, row["agency"])
    summary = review.summaries.filter(agency=agency).first()
    try:
        if summary is None:
            [summary] = services.summaries_request(
                actor=context.actor,
                rapid_review=review,
                agencies=[agency],
                requested_on=row["requested_on"],
                due_on=row["due_on"],
            )
        elif _changed(row, summary, "requested_on", "due_on"):
            message = "The summary was asked for on other dates: they cannot be changed here."
            raise ValidationError({"requested_on": message})
        if _changed(row, summary, "summary", "returned_on"):
            text, returned_on = _pair(row, summary, "summary", "returned_on")
            services.summary_return(
                actor=context.actor, summary=summary, text=text, returned_on=returned_on
            )
    except ValidationError as error:
        raise _renamed(error, {"text": "summary", "agencies": "agency"}) from None
    return summary


# Practice reviews


class PracticeReviewRowForm(RowForm):
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the review's title."}
    )
    case_code = forms.CharField(max_length=40, required=False)
    decided_on = PackDateField(
        required_message="Enter the date of the decision to hold the review."
    )
    reviewer = forms.CharField(max_length=200, required=False)
    terms_of_reference = forms.CharField(required=False)
    sent_to_panel_on = PackDateField(required=False)
    published_on = PackDateField(required=False)
    published_url = forms.URLField(required=False, assume_scheme="https")
    themes = PackListField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.not_before(data, "sent_to_panel_on", "decided_on")
        self.not_before(data, "published_on", "decided_on")
        if (
            data.get("published_url")
            and "published_on" in self.data
            and not data.get("published_on")
        ):
            self.add_error("published_on", "Enter the date it was published with its link.")
        return data


def export_practice_reviews(partnership: Partnership) -> Iterator[Row]:
    rows = (
        PracticeReview.objects.filter(partnership=partnership)
        .select_related("rapid_review__notification")
        .prefetch_related("themes")
    )
    for r in rows.order_by("decided_on", "title"):
        yield {
            "title": r.title,
            "case_code": r.rapid_review.notification.case_code if r.rapid_review else "",
            "decided_on": cell(r.decided_on),
            "reviewer": r.reviewer,
            "terms_of_reference": r.terms_of_reference,
            "sent_to_panel_on": cell(r.sent_to_panel_on),
            "published_on": cell(r.published_on),
            "published_url": r.published_url,
            "themes": _themes_text(r),
        }


DETAILS = ("title", "decided_on", "reviewer", "terms_of_reference")


def save_practice_review(context: ImportContext, row: dict[str, Any]) -> PracticeReview:
    review = PracticeReview.objects.filter(
        partnership=context.partnership, title__iexact=row["title"]
    ).first()
    themes = _chosen_themes(context, row, review)
    try:
        if review is None:
            review = _create_practice_review(context, row, themes)
        else:
            _update_practice_review(context, row, review, themes)
    except ValidationError as error:
        raise _renamed(error, {"rapid_review": "case_code"}) from None
    _run_steps(review, _practice_review_steps(context, row, review))
    return review


def _create_practice_review(
    context: ImportContext, row: dict[str, Any], themes: Iterable[Theme]
) -> PracticeReview:
    code = row.get("case_code")
    return services.practice_review_create(
        actor=context.actor,
        partnership=context.partnership,
        title=row["title"],
        decided_on=row["decided_on"],
        reviewer=row.get("reviewer", ""),
        terms_of_reference=row.get("terms_of_reference", ""),
        themes=themes,
        rapid_review=_rapid_review(context.partnership, code) if code else None,
    )


def _update_practice_review(
    context: ImportContext, row: dict[str, Any], review: PracticeReview, themes: Iterable[Theme]
) -> None:
    if "case_code" in row:
        current = review.rapid_review.notification.case_code if review.rapid_review else ""
        if row["case_code"].casefold() != current.casefold():
            message = "The rapid review a practice review came from cannot be changed here."
            raise ValidationError({"case_code": message})
    if _changed(row, review, *DETAILS) or "themes" in row:
        details = {column: row.get(column, getattr(review, column)) for column in DETAILS}
        services.practice_review_update(
            actor=context.actor, practice_review=review, themes=themes, **details
        )


def _practice_review_steps(
    context: ImportContext, row: dict[str, Any], review: PracticeReview
) -> list[Step]:
    actor = context.actor
    steps: list[Step] = []
    if _changed(row, review, "sent_to_panel_on"):
        sent_on = _given(row, review, "sent_to_panel_on")
        steps.append(
            lambda: services.practice_review_record_sent(
                actor=actor, practice_review=review, sent_to_panel_on=sent_on
            )
        )
    if _changed(row, review, "published_on", "published_url"):
        published_on = _given(row, review, "published_on")
        url = row.get("published_url", review.published_url)
        if published_on is None:
            raise ValidationError({"published_on": "Enter the date it was published."})
        steps.append(
            lambda: services.practice_review_publish(
                actor=actor, practice_review=review, published_on=published_on, published_url=url
            )
        )
    return steps


# Learning reviews


class LearningReviewRowForm(RowForm):
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the review's title."}
    )
    kind = _choice(LearningReviewKind.choices)
    rationale = forms.CharField(
        error_messages={"required": "Enter why the partnership is holding it."}
    )
    started_on = PackDateField(required_message="Enter the date it started.")
    completed_on = PackDateField(required=False)
    themes = PackListField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.not_before(data, "completed_on", "started_on")
        return data


def export_learning_reviews(partnership: Partnership) -> Iterator[Row]:
    rows = LearningReview.objects.filter(partnership=partnership).prefetch_related("themes")
    for r in rows.order_by("started_on", "title"):
        yield {
            "title": r.title,
            "kind": r.kind,
            "rationale": r.rationale,
            "started_on": cell(r.started_on),
            "completed_on": cell(r.completed_on),
            "themes": _themes_text(r),
        }


def save_learning_review(context: ImportContext, row: dict[str, Any]) -> LearningReview:
    review = LearningReview.objects.filter(
        partnership=context.partnership, title__iexact=row["title"]
    ).first()
    themes = _chosen_themes(context, row, review)
    fields = ("title", "kind", "rationale", "started_on")
    if review is None:
        review = services.learning_review_create(
            actor=context.actor,
            partnership=context.partnership,
            themes=themes,
            **{column: row[column] for column in fields},
        )
    elif _changed(row, review, *fields) or "themes" in row:
        services.learning_review_update(
            actor=context.actor,
            learning_review=review,
            themes=themes,
            **{column: row.get(column, getattr(review, column)) for column in fields},
        )
    if _changed(row, review, "completed_on"):
        completed_on = _given(row, review, "completed_on")
        services.learning_review_complete(
            actor=context.actor, learning_review=review, completed_on=completed_on
        )
    return review


THEMES_HELP = "Themes from themes, separated by “;”."


NOTIFICATIONS = register(
    Sheet(
        name="notifications",
        order=200,
        description="Serious incident notifications to the national Panel.",
        columns=(
            Column("case_code", required=True, description="The child's case code; the key."),
            Column("aware_on", required=True, description=dated("When the LA became aware.")),
            Column("notified_on", description=dated("When the Panel was told; blank if not.")),
            Column("outcome", required=True, description=choices_help(IncidentOutcome.choices)),
            Column("harm", required=True, description=choices_help(HarmType.choices)),
            Column("age_band", required=True, description=choices_help(AgeBand.choices)),
            Column("sex", required=True, description=choices_help(Sex.choices)),
            Column("looked_after", description="yes or no; blank is no."),
            Column("local_authority", required=True, description="The local authority."),
        ),
        key=("case_code",),
        form=NotificationRowForm,
        save=save_notification,
        export=export_notifications,
    )
)

RAPID_REVIEWS = register(
    Sheet(
        name="rapid_reviews",
        order=210,
        description="Rapid reviews, one per notification sent to the Panel.",
        columns=(
            Column("case_code", required=True, description="The notification's; the key."),
            Column("title", required=True, description="As the yearly report names it."),
            Column("meeting_on", description=dated("The meeting.")),
            Column("completed_on", description=dated("With decision.")),
            Column("decision", description=choices_help(ReviewDecision.choices)),
            Column("sent_to_panel_on", description=dated("Sent to the Panel.")),
            Column("panel_response", description=choices_help(PanelResponse.choices)),
            Column("panel_response_on", description=dated("The Panel's response.")),
            Column("themes", description=THEMES_HELP),
        ),
        key=("case_code",),
        form=RapidReviewRowForm,
        save=save_rapid_review,
        export=export_rapid_reviews,
        references={"case_code": "notifications", "themes": "themes"},
        lists=frozenset({"themes"}),
    )
)

AGENCY_SUMMARIES = register(
    Sheet(
        name="agency_summaries",
        order=220,
        description="The summaries each rapid review asked of the agencies involved.",
        columns=(
            Column("case_code", required=True, description="The rapid review's; key with agency."),
            Column("agency", required=True, description="From agencies."),
            Column("requested_on", required=True, description=dated("When it was asked for.")),
            Column("due_on", required=True, description=dated("Its own due date.")),
            Column("returned_on", description=dated("With summary; blank until returned.")),
            Column("summary", description="The agency's summary, once returned."),
        ),
        key=("case_code", "agency"),
        form=AgencySummaryRowForm,
        save=save_agency_summary,
        export=export_agency_summaries,
        references={"case_code": "rapid_reviews", "agency": "agencies"},
    )
)

PRACTICE_REVIEWS = register(
    Sheet(
        name="practice_reviews",
        order=230,
        description="Local child safeguarding practice reviews.",
        columns=(
            Column("title", required=True, description="The review; the key."),
            Column("case_code", description="Its rapid review's, if it came from one."),
            Column("decided_on", required=True, description=dated("The decision to hold it.")),
            Column("reviewer"),
            Column("terms_of_reference"),
            Column("sent_to_panel_on", description=dated("Sent to the Panel and the SoS.")),
            Column("published_on", description=dated("Blank until published.")),
            Column("published_url", description="Where it was published."),
            Column("themes", description=THEMES_HELP),
        ),
        key=("title",),
        form=PracticeReviewRowForm,
        save=save_practice_review,
        export=export_practice_reviews,
        references={"case_code": "rapid_reviews", "themes": "themes"},
        lists=frozenset({"themes"}),
    )
)

LEARNING_REVIEWS = register(
    Sheet(
        name="learning_reviews",
        order=240,
        description="The partnership's non-statutory learning reviews.",
        columns=(
            Column("title", required=True, description="The review; the key."),
            Column("kind", required=True, description=choices_help(LearningReviewKind.choices)),
            Column("rationale", required=True, description="Why the partnership holds it."),
            Column("started_on", required=True, description=DATE_HELP),
            Column("completed_on", description=dated("Blank until completed.")),
            Column("themes", description=THEMES_HELP),
        ),
        key=("title",),
        form=LearningReviewRowForm,
        save=save_learning_review,
        export=export_learning_reviews,
        references={"themes": "themes"},
        lists=frozenset({"themes"}),
    )
)
