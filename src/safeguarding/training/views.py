"""The training catalogue: courses and their questions, sessions and their places. Booking,
"My training", approvals, the register and certificates are in `booking_views`; evaluations,
figures, compliance and the other records in `record_views` (the records engineer's)."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.accounts.scope import Scope
from safeguarding.core.forms import RetireForm
from safeguarding.core.web import form_page, partnership_view, posted_data
from safeguarding.training import policies, selectors, services
from safeguarding.training.forms import (
    CourseForm,
    QuestionEditForm,
    QuestionForm,
    SessionCancelForm,
    SessionForm,
    field_values,
    session_initial,
)
from safeguarding.training.models import Course, CourseLevel, Question, Session

save_page = partial(form_page, template="training/form.html")


def page_url(scope: Scope, name: str) -> str:
    """A training page of the scope's partnership that takes no other argument."""
    return reverse(f"training:{name}", args=[scope.partnership.slug])


def my_training_url(scope: Scope) -> str:
    """ "My training": where a delegate goes from a booking or an evaluation."""
    return page_url(scope, "booking_list")


def course_url(scope: Scope, course: Course) -> str:
    return reverse("training:course_detail", args=[scope.partnership.slug, course.pk])


def session_url(scope: Scope, session: Session) -> str:
    return reverse("training:session_detail", args=[scope.partnership.slug, session.pk])


def _day(session: Session) -> str:
    return date_format(timezone.localtime(session.starts_at), "j F Y")


def _course(scope: Scope, pk: int, action: str = "view") -> Course:
    return policies.courses.get(scope, pk, action, queryset=selectors.course_for_page(scope))


def _session(scope: Scope, pk: int, action: str = "view") -> Session:
    return policies.sessions.get(scope, pk, action, queryset=selectors.session_for_page(scope))


# Courses


def section_links(scope: Scope) -> list[tuple[str, str]]:
    """The training pages this scope may open, for the catalogue's menu."""
    pages = [
        ("My training", "booking_list", True),
        ("Learning gain", "learning_gain", scope.has_any(policies.FIGURE_READERS)),
        ("Compliance", "compliance", scope.has_any(policies.COMPLIANCE_READERS)),
        ("Staff lists", "delegate_list", scope.has_any(policies.COMPLIANCE_READERS)),
        ("Quotes for the report", "quotes", policies.evaluations.can(scope, "quote")),
        ("Webinar weeks", "webinar_list", policies.webinar_weeks.can(scope, "view")),
        ("Commissioned training", "commissioned_list", policies.commissioned.can(scope, "view")),
        ("Requirements", "requirement_list", policies.requirements.can(scope, "view")),
    ]
    return [(label, page_url(scope, name)) for label, name, ok in pages if ok]


@partnership_view
def course_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.courses.require(scope, "view")
    level = request.GET.get("level", "").strip()
    if level and level not in CourseLevel.values:
        raise Http404("No such level.")
    themes = selectors.theme_choices(scope.partnership)
    theme_pk = request.GET.get("theme", "").strip()
    theme = themes.filter(pk=theme_pk).first() if theme_pk.isdigit() else None
    if theme_pk and theme is None:
        raise Http404("No such theme.")
    context = {
        "groups": selectors.catalogue(
            scope.partnership, now=timezone.now(), level=level, theme=theme
        ),
        "level": level,
        "levels": CourseLevel.choices,
        "theme": theme,
        "themes": themes,
        "can_change": policies.courses.can(scope, "add"),
        "section_links": section_links(scope),
    }
    return render(request, "training/course_list.html", context)


def _course_form(request: HttpRequest, scope: Scope, course: Course | None = None) -> CourseForm:
    return CourseForm(
        posted_data(request),
        initial=selectors.course_form_initial(course) if course else {},
        themes=selectors.theme_choices(scope.partnership, course),
        priorities=selectors.priority_choices(scope.partnership),
    )


@partnership_view
def course_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.courses.require(scope, "add")
    return save_page(
        request,
        _course_form(request, scope),
        lambda data: services.course_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda c: (f"The course “{c}” was added.", course_url(scope, c)),
        {
            "title": "Add a course",
            "back": page_url(scope, "course_list"),
        },
    )


@partnership_view
def course_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    course = _course(scope, pk)
    context = {
        "course": course,
        "detail": selectors.course_detail(course, now=timezone.now()),
        "can_change": policies.courses.can(scope, "change", course),
        "can_add_session": policies.sessions.can(scope, "add"),
    }
    return render(request, "training/course_detail.html", context)


@partnership_view
def course_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    course = _course(scope, pk, "change")
    return save_page(
        request,
        _course_form(request, scope, course),
        lambda data: services.course_update(actor=scope.user, course=course, **data),
        lambda c: (f"The course “{c}” was updated.", course_url(scope, c)),
        {"title": "Change the course", "caption": course.title, "back": course_url(scope, course)},
    )


@partnership_view
def course_retire(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    course = _course(scope, pk, "retire")
    form = RetireForm(posted_data(request), initial={"retired_on": timezone.localdate()})
    return save_page(
        request,
        form,
        lambda data: services.course_retire(actor=scope.user, course=course, **data),
        lambda c: (f"The course “{c}” was retired.", course_url(scope, c)),
        {
            "title": "Retire the course",
            "caption": course.title,
            "intro": "Retiring keeps every past session, booking and figure that names it; it "
            "just stops being offered for new sessions and bookings.",
            "button": "Retire",
            "back": course_url(scope, course),
        },
    )


# Questions


@partnership_view
def question_add(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    course = _course(scope, pk, "questions")
    return save_page(
        request,
        QuestionForm(posted_data(request)),
        lambda data: services.question_add(actor=scope.user, course=course, **data),
        lambda q: ("The question was added.", course_url(scope, course)),
        {"title": "Add a question", "caption": course.title, "back": course_url(scope, course)},
    )


def _question(scope: Scope, pk: int) -> Question:
    """A question of one of the partnership's courses: 404 elsewhere, 403 unless a manager."""
    policies.courses.require(scope, "view")
    try:
        question = selectors.question_for_page(scope).get(pk=pk)
    except Question.DoesNotExist:
        raise Http404("Not found.") from None
    policies.courses.require(scope, "questions", question.course)
    return question


@partnership_view
def question_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    question = _question(scope, pk)
    course = question.course
    initial = {"text": question.text, "position": question.position}
    return save_page(
        request,
        QuestionEditForm(posted_data(request), initial=initial),
        lambda data: services.question_update(actor=scope.user, question=question, **data),
        lambda q: ("The question was updated.", course_url(scope, course)),
        {
            "title": "Change the question",
            "caption": course.title,
            "back": course_url(scope, course),
        },
    )


# Sessions


@partnership_view
def session_add(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    course = _course(scope, pk)
    policies.sessions.require(scope, "add")
    form = SessionForm(posted_data(request), initial={"capacity": course.default_capacity})
    return save_page(
        request,
        form,
        lambda data: services.session_create(
            actor=scope.user, course=course, **form.session_fields()
        ),
        lambda s: (f"The session on {_day(s)} was added.", session_url(scope, s)),
        {"title": "Add a session", "caption": course.title, "back": course_url(scope, course)},
    )


@partnership_view
def session_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    session = _session(scope, pk)
    sees_bookings = policies.sessions.can(scope, "register", session)
    context = {
        "session": session,
        "course": session.course,
        "now": timezone.now(),
        "bookings": selectors.session_bookings(session) if sees_bookings else None,
        "mine": selectors.own_booking(scope, session),
        "can_book": policies.sessions.can(scope, "book", session),
        "can_change": policies.sessions.can(scope, "change", session),
    }
    return render(request, "training/session_detail.html", context)


@partnership_view
def session_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    session = _session(scope, pk, "change")
    initial = field_values(session, ("venue", "online", "trainer", "capacity"))
    initial |= session_initial(session.starts_at, session.ends_at)
    form = SessionForm(posted_data(request), initial=initial)
    return save_page(
        request,
        form,
        lambda data: services.session_update(
            actor=scope.user, session=session, **form.session_fields()
        ),
        lambda s: ("The session was updated.", session_url(scope, s)),
        {
            "title": "Change the session",
            "caption": str(session),
            "back": session_url(scope, session),
        },
    )


@partnership_view
def session_cancel(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    session = _session(scope, pk, "cancel")
    form = SessionCancelForm(posted_data(request), initial={"cancelled_on": timezone.localdate()})
    return save_page(
        request,
        form,
        lambda data: services.session_cancel(actor=scope.user, session=session, **data),
        lambda s: ("The session was cancelled and its delegates told.", session_url(scope, s)),
        {
            "title": "Cancel the session",
            "caption": str(session),
            "intro": "Everyone with a place or on the waiting list is emailed that it is "
            "cancelled.",
            "button": "Cancel the session",
            "back": session_url(scope, session),
        },
    )
