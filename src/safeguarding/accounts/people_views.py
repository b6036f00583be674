"""Administrators' pages for the people in a partnership and their roles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguarding.accounts import policies, selectors, services
from safeguarding.accounts.forms import EndRoleForm, MemberSearchForm, PersonForm, RoleForm
from safeguarding.accounts.invitations import send_invitation
from safeguarding.accounts.models import User
from safeguarding.accounts.scope import Scope
from safeguarding.core import selectors as core_selectors
from safeguarding.core.web import (
    partnership_view,
    posted_data,
    querystring_without_page,
    submit,
)

MEMBERS_PER_PAGE = 50


def _person_or_404(scope: Scope, user_pk: int) -> User:
    person = selectors.person_in(scope.partnership, user_pk)
    if person is None:
        raise Http404("No such person in this partnership.")
    return person


@partnership_view
def member_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.memberships.require(scope, "view")
    search = MemberSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    rows = selectors.members_of(scope.partnership, search=query)
    page = Paginator(rows, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "querystring": querystring_without_page(request)}
    return render(request, "accounts/member_list.html", context)


@partnership_view
def member_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.memberships.require(scope, "add")
    agencies = core_selectors.current_agencies_serving(scope.partnership)
    form = PersonForm(posted_data(request), agencies=agencies)
    invitation = submit(
        request,
        form,
        lambda data: services.user_invite(actor=scope.user, partnership=scope.partnership, **data),
    )
    if invitation:
        _announce(request, scope, invitation)
        return redirect("accounts:member_detail", scope.partnership.slug, invitation.user.pk)
    return render(request, "accounts/member_add.html", {"form": form})


def _announce(request: HttpRequest, scope: Scope, invitation: services.Invitation) -> None:
    user, role = invitation.user, invitation.membership.get_role_display()
    if invitation.new_account:
        send_invitation(request, user=user, partnership=scope.partnership)
        messages.success(request, f"{user} was added as {role} and sent an invitation email.")
    else:
        messages.success(request, f"{user} already had an account: they were added as {role}.")


@partnership_view
def member_detail(request: HttpRequest, scope: Scope, user_pk: int) -> HttpResponse:
    policies.memberships.require(scope, "view")
    person = _person_or_404(scope, user_pk)
    return render(
        request, "accounts/member_detail.html", {"person": person, "today": timezone.localdate()}
    )


@partnership_view
def member_role_add(request: HttpRequest, scope: Scope, user_pk: int) -> HttpResponse:
    policies.memberships.require(scope, "add")
    person = _person_or_404(scope, user_pk)
    agencies = core_selectors.current_agencies_serving(scope.partnership)
    form = RoleForm(posted_data(request), agencies=agencies)
    membership = submit(
        request,
        form,
        lambda data: services.membership_create(
            actor=scope.user, user=person, partnership=scope.partnership, **data
        ),
    )
    if membership:
        messages.success(request, f"{person} was added as {membership.get_role_display()}.")
        return redirect("accounts:member_detail", scope.partnership.slug, person.pk)
    return render(request, "accounts/member_role_add.html", {"form": form, "person": person})


@partnership_view
def member_role_end(request: HttpRequest, scope: Scope, user_pk: int, pk: int) -> HttpResponse:
    policies.memberships.require(scope, "end")
    rows = policies.memberships.visible(scope).filter(user_id=user_pk).select_related("user")
    membership = policies.memberships.get(scope, pk, "end", queryset=rows)
    form = EndRoleForm(posted_data(request), initial={"ended_on": timezone.localdate()})
    ended = submit(
        request,
        form,
        lambda data: services.membership_end(actor=scope.user, membership=membership, **data),
    )
    if ended:
        messages.success(request, f"The role {membership.get_role_display()} was ended.")
        return redirect("accounts:member_detail", scope.partnership.slug, user_pk)
    return render(
        request, "accounts/member_role_end.html", {"form": form, "membership": membership}
    )


@partnership_view
def member_reinvite(request: HttpRequest, scope: Scope, user_pk: int) -> HttpResponse:
    policies.memberships.require(scope, "invite")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person = _person_or_404(scope, user_pk)
    try:
        services.user_reinvite(actor=scope.user, user=person, partnership=scope.partnership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        send_invitation(request, user=person, partnership=scope.partnership)
        messages.success(request, f"A new invitation email was sent to {person.email}.")
    return redirect("accounts:member_detail", scope.partnership.slug, person.pk)
