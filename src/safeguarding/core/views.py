"""The shell's pages: start, partnership home, agency directory, themes and timescales."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguarding.accounts.scope import Scope
from safeguarding.core import policies, selectors, services
from safeguarding.core.forms import (
    AgencyFilterForm,
    AgencyForm,
    AgencyLinkForm,
    DisclosureForm,
    RetireForm,
    ThemeForm,
    TimescaleForm,
)
from safeguarding.core.http import AuthenticatedHttpRequest
from safeguarding.core.navigation import due_items_for
from safeguarding.core.timescales import DEFAULT_TIMESCALES
from safeguarding.core.web import (
    SESSION_PARTNERSHIP,
    partnership_view,
    posted_data,
    querystring_without_page,
    submit,
)

AGENCIES_PER_PAGE = 50


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send a signed-in user to the partnership they last used, or their first."""
    partnerships = list(selectors.partnerships_for_user(request.user))
    if not partnerships:
        return render(request, "core/no_partnership.html")
    last = request.session.get(SESSION_PARTNERSHIP)
    chosen = next((p for p in partnerships if p.slug == last), partnerships[0])
    return redirect("core:home", partnership=chosen.slug)


@login_required
@require_GET
def switch(request: AuthenticatedHttpRequest) -> HttpResponse:
    slug = request.GET.get("to", "")
    if not selectors.partnerships_for_user(request.user).filter(slug=slug).exists():
        raise Http404("No such partnership.")
    return redirect("core:home", partnership=slug)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@partnership_view
def home(request: HttpRequest, scope: Scope) -> HttpResponse:
    today = timezone.localdate()
    items = due_items_for(scope, today)
    return render(
        request,
        "core/home.html",
        {
            "scope": scope,
            "roles": sorted(scope.roles, key=lambda role: role.label),
            "overdue": [item for item in items if item.state == "overdue"],
            "due": [item for item in items if item.state != "overdue"],
            "today": today,
        },
    )


@partnership_view
def agency_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.agencies.require(scope, "view")
    filters = AgencyFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.agency_links_for(
        scope.partnership,
        search=data.get("q", ""),
        sector=data.get("sector", ""),
        include_retired=data.get("retired", False),
    )
    page = Paginator(rows, AGENCIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/agency_list.html",
        {
            "page": page,
            "filters": filters,
            "can_add": policies.agencies.can(scope, "add"),
            "querystring": querystring_without_page(request),
        },
    )


@partnership_view
def agency_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    rows = selectors.with_agency_detail(policies.agencies.visible(scope))
    agency = policies.agencies.get(scope, pk, queryset=rows)
    return render(
        request,
        "core/agency_detail.html",
        {
            "agency": agency,
            "can_change": policies.agencies.can(scope, "change", agency),
        },
    )


@partnership_view
def agency_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.agencies.require(scope, "add")
    form = AgencyForm(posted_data(request))
    agency = submit(
        request,
        form,
        lambda data: services.agency_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
    )
    if agency:
        messages.success(request, f"{agency} was added to the directory.")
        return redirect("core:agency_detail", scope.partnership.slug, agency.pk)
    return render(request, "core/agency_form.html", {"form": form, "agency": None})


@partnership_view
def agency_link(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.agencies.require(scope, "link")
    form = AgencyLinkForm(
        posted_data(request), agencies=selectors.agencies_not_serving(scope.partnership)
    )
    link = submit(
        request,
        form,
        lambda data: services.agency_link(actor=scope.user, partnership=scope.partnership, **data),
    )
    if link:
        messages.success(request, f"{link.agency} now serves {scope.partnership}.")
        return redirect("core:agency_detail", scope.partnership.slug, link.agency_id)
    return render(request, "core/agency_link.html", {"form": form})


@partnership_view
def agency_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    agency = policies.agencies.get(scope, pk, "change")
    form = AgencyForm(posted_data(request), initial=selectors.agency_form_initial(agency, scope))
    saved = submit(
        request,
        form,
        lambda data: services.agency_update(
            actor=scope.user, partnership=scope.partnership, agency=agency, data=data
        ),
    )
    if saved:
        messages.success(request, f"{agency} was updated.")
        return redirect("core:agency_detail", scope.partnership.slug, agency.pk)
    return render(request, "core/agency_form.html", {"form": form, "agency": agency})


@partnership_view
def agency_retire(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    agency = policies.agencies.get(scope, pk, "retire")
    form = RetireForm(posted_data(request), initial={"retired_on": timezone.localdate()})
    saved = submit(
        request,
        form,
        lambda data: services.agency_retire(
            actor=scope.user, partnership=scope.partnership, agency=agency, **data
        ),
    )
    if saved:
        messages.success(request, f"{agency} was retired. Past records still name it.")
        return redirect("core:agency_detail", scope.partnership.slug, agency.pk)
    return render(request, "core/retire_form.html", {"form": form, "thing": agency})


@partnership_view
def theme_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.themes.require(scope, "view")
    return render(
        request,
        "core/theme_list.html",
        {
            "themes": selectors.themes_for(scope.partnership),
            "can_change": policies.themes.can(scope, "change"),
        },
    )


@partnership_view
def theme_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.themes.require(scope, "add")
    form = ThemeForm(posted_data(request))
    theme = submit(
        request,
        form,
        lambda data: services.theme_create(actor=scope.user, partnership=scope.partnership, **data),
    )
    if theme:
        messages.success(request, f"The theme “{theme}” was added.")
        return redirect("core:theme_list", scope.partnership.slug)
    return render(request, "core/theme_form.html", {"form": form, "theme": None})


@partnership_view
def theme_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    theme = policies.themes.get(scope, pk, "change")
    initial = {"name": theme.name, "description": theme.description}
    form = ThemeForm(posted_data(request), initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.theme_update(actor=scope.user, theme=theme, data=data),
    )
    if saved:
        messages.success(request, f"The theme “{theme}” was updated.")
        return redirect("core:theme_list", scope.partnership.slug)
    return render(request, "core/theme_form.html", {"form": form, "theme": theme})


@partnership_view
def theme_retire(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    theme = policies.themes.get(scope, pk, "retire")
    form = RetireForm(posted_data(request), initial={"retired_on": timezone.localdate()})
    saved = submit(
        request,
        form,
        lambda data: services.theme_retire(actor=scope.user, theme=theme, **data),
    )
    if saved:
        messages.success(request, f"The theme “{theme}” was retired.")
        return redirect("core:theme_list", scope.partnership.slug)
    return render(request, "core/retire_form.html", {"form": form, "thing": theme})


@partnership_view
def timescale_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.timescales.require(scope, "view")
    return render(
        request,
        "core/timescale_list.html",
        {
            "timescales": selectors.timescales_for(scope.partnership),
            "can_change": policies.timescales.can(scope, "change"),
        },
    )


@partnership_view
def timescale_edit(request: HttpRequest, scope: Scope, code: str) -> HttpResponse:
    if code not in DEFAULT_TIMESCALES:
        raise Http404("No such timescale.")
    policies.timescales.require(scope, "change")
    current = selectors.timescale_for(scope.partnership, code)
    form = TimescaleForm(
        posted_data(request),
        initial={
            "amount": current.amount,
            "unit": current.unit,
            "due_soon_working_days": current.due_soon_working_days,
        },
    )
    saved = submit(
        request,
        form,
        lambda data: services.timescale_set(
            actor=scope.user, partnership=scope.partnership, code=code, **data
        ),
    )
    if saved:
        messages.success(request, f"“{current.timescale.label}” was updated.")
        return redirect("core:timescale_list", scope.partnership.slug)
    return render(request, "core/timescale_form.html", {"form": form, "current": current})


@partnership_view
def disclosure(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The partnership's disclosure control: which small counts its published outputs hide."""
    can_change = policies.partnership_settings.can(scope, "change")
    if request.method == "POST":
        policies.partnership_settings.require(scope, "change")
    initial = {"disclosure_threshold": scope.partnership.disclosure_threshold}
    form = DisclosureForm(posted_data(request), initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.partnership_disclosure_set(
            actor=scope.user, partnership=scope.partnership, **data
        ),
    )
    if saved:
        messages.success(request, "Disclosure control was updated.")
        return redirect("core:disclosure", scope.partnership.slug)
    context = {
        "form": form,
        "can_change": can_change,
        "site_threshold": settings.DISCLOSURE_THRESHOLD,
    }
    return render(request, "core/disclosure.html", context)
