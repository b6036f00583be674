"""Professional differences and the practitioners' survey over the API (docs/api.md,
docs/escalations.md "API").

Reads go through the escalations policies, writes through the same services as the pages (raise,
correct, move up a step, close; record and quote a survey response), so the same rules and audit
entries apply. A role that reads no differences (the LADO, the CDOP coordinator) and, for the
survey, a role that reads no responses gets 403 from the list and 404 from a record.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Prefetch, QuerySet
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
from safeguarding.escalations import policies, services
from safeguarding.escalations.models import Escalation, EscalationStep, SurveyResponse
from safeguarding.escalations.selectors import step_timescales
from safeguarding.escalations.serializers import (
    CloseSerializer,
    EscalationChangeSerializer,
    EscalationCreateSerializer,
    EscalationSerializer,
    StepStartSerializer,
    SurveyResponseChangeSerializer,
    SurveyResponseCreateSerializer,
    SurveyResponseSerializer,
)


def _bad(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _agency(scope: Scope, pk: int, field: str) -> Agency:
    """An agency serving the partnership, by id (whether it may be named on this record's date
    is the service's rule)."""
    found = Agency.objects.filter(memberships__partnership=scope.partnership, pk=pk).first()
    if found is None:
        raise _bad(field, "Choose an agency that serves this partnership, by its id.")
    return found


def _theme(scope: Scope, pk: int | None) -> Theme | None:
    if pk is None:
        return None
    found = core_selectors.themes_for(scope.partnership).filter(pk=pk).first()
    if found is None:
        raise _bad("theme", "Choose one of this partnership's themes, by its id.")
    return found


def _with_links(scope: Scope, data: dict[str, Any]) -> dict[str, Any]:
    """The body's ids as the records the services take."""
    for field in ("raising_agency", "receiving_agency"):
        if field in data:
            data[field] = _agency(scope, data[field], field)
    if "theme" in data:
        data["theme"] = _theme(scope, data["theme"])
    return data


@extend_schema_view(
    **read_schemas(EscalationSerializer),
    create=create_schema(EscalationCreateSerializer, EscalationSerializer),
    partial_update=write_schema(EscalationChangeSerializer, EscalationSerializer),
    steps=write_schema(StepStartSerializer, EscalationSerializer, "escalations_steps", 201),
    close=write_schema(CloseSerializer, EscalationSerializer, "escalations_close"),
)
class EscalationViewSet(ListRetrieveViewSet):
    """Professional differences with their steps and each step's clock. An agency lead sees the
    differences their agency raised or received (and moves those up a step); a practitioner the
    ones they raised."""

    policy = policies.escalations
    list_needs_read_role = True
    queryset = Escalation.objects.none()
    serializer_class = output = EscalationSerializer
    policy_actions = {"steps": "step"}

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        steps = Prefetch("steps", queryset=EscalationStep.objects.order_by("step"))
        related = ("partnership", "raising_agency", "receiving_agency", "theme")
        return rows.select_related(*related).prefetch_related(steps).order_by("-raised_on", "-pk")

    @cached_property
    def output_context(self) -> dict[str, Any]:
        return {
            "today": timezone.localdate(),
            "timescales": {s.partnership.pk: step_timescales(s.partnership) for s in self.scopes},
        }

    def create(self, request: Request) -> Response:
        """Raise a difference in the partnership named in the body, at its first step."""
        data = _with_links(self.scope, self.validated(EscalationCreateSerializer))
        del data["partnership"]
        escalation = services.escalation_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(escalation)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Correct the fields given (not the steps, not the outcome)."""
        return self.write(
            EscalationChangeSerializer,
            lambda e, data: services.escalation_update(
                actor=self.user, escalation=e, data=_with_links(self.scope, data)
            ),
            partial=True,
        )

    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: int) -> Response:
        """Move the difference up to a higher step; the step still open is completed that day."""
        return self.write(
            StepStartSerializer,
            lambda e, data: services.escalation_step_start(actor=self.user, escalation=e, **data),
            answer=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        """Record how the difference ended; its open step is completed the day it closed."""
        return self.write(
            CloseSerializer,
            lambda e, data: services.escalation_close(actor=self.user, escalation=e, **data),
        )


@extend_schema_view(
    **read_schemas(SurveyResponseSerializer),
    create=create_schema(SurveyResponseCreateSerializer, SurveyResponseSerializer),
    partial_update=write_schema(SurveyResponseChangeSerializer, SurveyResponseSerializer),
)
class SurveyResponseViewSet(ListRetrieveViewSet):
    """Practitioners' answers to the survey about using the protocol, and the comments chosen to
    quote in the yearly report: read by the business unit, administrators, the executive and the
    scrutineer; written by the business unit and administrators."""

    policy = policies.survey_responses
    list_needs_read_role = True
    queryset = SurveyResponse.objects.none()
    serializer_class = output = SurveyResponseSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        related = ("partnership", "agency", "escalation")
        return rows.select_related(*related).order_by("-received_on", "-pk")

    def create(self, request: Request) -> Response:
        """Record a response in the partnership named in the body."""
        data = self._links(self.validated(SurveyResponseCreateSerializer))
        del data["partnership"]
        response = services.survey_response_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(response)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given, or choose (or stop choosing) its comment to quote."""
        return self.write(
            SurveyResponseChangeSerializer,
            lambda r, data: services.survey_response_update(
                actor=self.user, response=r, data=self._links(data)
            ),
            partial=True,
        )

    def _links(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("agency") is not None:
            data["agency"] = _agency(self.scope, data["agency"], "agency")
        if data.get("escalation") is not None:
            visible = policies.escalations.visible(self.scope)
            data["escalation"] = visible.filter(pk=data["escalation"]).first()
            if data["escalation"] is None:
                raise _bad("escalation", "Choose one of this partnership's differences, by its id.")
        return data


def register(router: DefaultRouter) -> None:
    router.register("escalations", EscalationViewSet)
    router.register("escalation-survey-responses", SurveyResponseViewSet)
