"""The fetch-and-authorise start of every partnership page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from safeguarding.accounts.scope import Scope, scope_for_slug
from safeguarding.core.govuk_forms import GovukForm
from safeguarding.core.years import ReportingYear

T = TypeVar("T")

SESSION_PARTNERSHIP = "hub_partnership"

PartnershipView = Callable[..., HttpResponse]


def partnership_view(view: PartnershipView) -> Callable[..., HttpResponse]:
    """Sign-in required; resolve the partnership in the URL to the user's scope (404 if not theirs).

    The view receives `scope` in place of the `partnership` URL argument.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, partnership: str, *args: Any, **kwargs: Any) -> HttpResponse:
        scope: Scope = scope_for_slug(request.user, partnership)  # type: ignore[arg-type]
        request.scope = scope  # type: ignore[attr-defined]
        if request.session.get(SESSION_PARTNERSHIP) != scope.partnership.slug:
            request.session[SESSION_PARTNERSHIP] = scope.partnership.slug
        return view(request, scope, *args, **kwargs)

    return wrapper


def posted_data(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST (even an empty one, so it is validated), else None.

    Forms take this instead of `request.POST or None`, which treats an empty POST as no POST.
    """
    return request.POST if request.method == "POST" else None


def querystring_without_page(request: HttpRequest) -> str:
    """The current filters, for pagination links that keep them."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def submit(request: HttpRequest, form: GovukForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """On a valid POST, call the service with the form's data and return what it saved.

    Returns None when there is nothing to save yet (a GET, or invalid input); a service's
    ValidationError is shown against the fields it names. `save` must return the saved record.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(dict(form.cleaned_data))
    except ValidationError as error:
        form.add_service_errors(error)
        return None


def form_page(
    request: HttpRequest,
    form: GovukForm,
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], tuple[str, str]],
    context: dict[str, Any],
    *,
    template: str,
) -> HttpResponse:
    """A form page: save a valid form, then go where `done(saved)` says, with its message;
    else show the form (with the service's errors against its fields). An app binds its own
    template once: `save_page = partial(form_page, template="reviews/form.html")`."""
    saved = submit(request, form, save)
    if saved:
        message, to = done(saved)
        messages.success(request, message)
        return redirect(to)
    return render(request, template, {"form": form, **context})


def year_or_404(label: str) -> ReportingYear:
    """The reporting year a URL or `?year=` names (like 2023-24); 404 when it is not one."""
    try:
        return ReportingYear.from_label(label)
    except ValueError:
        raise Http404("No such reporting year.") from None
