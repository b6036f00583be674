"""Actions (the Action Plan Evaluation), findings and dissemination over the API (docs/api.md).

Reads go through the learning policies, writes through the same services as the pages, so the
same rules and audit entries apply. The business unit and administrators add and change; an
agency lead records progress and evidence of impact on their own agency's actions (another
agency's is 403); the scrutineer and the executive read. Roles with no part in learning
(practitioners, LADO, CDOP) get 403 from every endpoint, as from every page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from safeguarding.accounts import selectors as account_selectors
from safeguarding.accounts.models import User
from safeguarding.accounts.policy_base import VIEW
from safeguarding.accounts.scope import Scope
from safeguarding.api.base import (
    RecordViewSet,
    create_schema,
    list_schema,
    retrieve_schema,
    write_schema,
)
from safeguarding.core import selectors as core_selectors
from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.learning import policies, selectors, services
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    Dissemination,
    DisseminationMethod,
    Finding,
    ImpactEvidence,
    ImpactJudgement,
    ImpactMethod,
    ProgressUpdate,
    Rag,
    Recommendation,
    Source,
    SourceKind,
)

# Output

# SOURCE: serializers here name a field `source` (a source of learning); the type stubs take the
# attribute for DRF's own `Field.source` (a string), hence the `type: ignore[assignment]`.


class LearningSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "kind", "title"]
        read_only_fields = fields


class ProgressUpdateSerializer(serializers.ModelSerializer):
    written_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        help_text="Who wrote it."
    )

    class Meta:
        model = ProgressUpdate
        fields = ["id", "written_on", "text", "rag", "written_by"]
        read_only_fields = fields


class ImpactEvidenceSerializer(serializers.ModelSerializer):
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        help_text="Who recorded it."
    )

    class Meta:
        model = ImpactEvidence
        fields = ["id", "method", "summary", "judgement", "gathered_on", "recorded_by"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    """An action as the Action Plan Evaluation shows it."""

    partnership = serializers.CharField(source="source.partnership.slug", read_only=True)
    source = LearningSourceSerializer(read_only=True)  # type: ignore[assignment]  # see SOURCE
    owner_agency_name = serializers.CharField(source="owner_agency.name", read_only=True)
    owner = serializers.SerializerMethodField(help_text="The owner's email, if there is one.")
    overdue = serializers.BooleanField(read_only=True, help_text="Open and past its due date.")
    latest_judgement = serializers.ChoiceField(
        choices=ImpactJudgement.choices,
        read_only=True,
        allow_null=True,
        help_text="The judgement of its latest evidence of impact, if any.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "partnership",
            "source",
            "recommendation",
            "title",
            "description",
            "owner_agency",
            "owner_agency_name",
            "owner",
            "raised_on",
            "due_on",
            "status",
            "rag",
            "completed_on",
            "overdue",
            "latest_judgement",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_owner(self, obj: Action) -> str | None:
        return obj.owner.email if obj.owner else None


class ActionDetailSerializer(ActionSerializer):
    """An action with its progress updates and evidence of impact, newest first."""

    updates = ProgressUpdateSerializer(many=True, read_only=True)
    evidence = ImpactEvidenceSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "updates", "evidence"]
        read_only_fields = fields


class FindingThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    partnership = serializers.CharField(source="source.partnership.slug", read_only=True)
    source = LearningSourceSerializer(read_only=True)  # type: ignore[assignment]  # see SOURCE
    themes = FindingThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "partnership", "source", "text", "recorded_on", "themes"]
        read_only_fields = fields


class DisseminationSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Dissemination
        fields = ["id", "partnership", "method", "title", "shared_on", "reach", "findings"]
        read_only_fields = fields


# Input: types and choices only; the services hold the rules


def _partnership() -> serializers.SlugField:
    return serializers.SlugField(help_text="The partnership's short name.")


def _ids(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text=help_text
    )


class ActionFilterSerializer(serializers.Serializer):
    agency = serializers.IntegerField(required=False, help_text="The owner agency's id.")
    status = serializers.ChoiceField(
        choices=[(selectors.OPEN, "Open (not started or in progress)"), *ActionStatus.choices],
        required=False,
    )
    kind = serializers.ChoiceField(
        choices=SourceKind.choices, required=False, help_text="The kind of source."
    )
    overdue = serializers.BooleanField(required=False, default=False, help_text="Overdue only.")


class ActionChangeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    recommendation = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of a recommendation of its source."
    )
    owner_agency = serializers.IntegerField(help_text="The id of an agency serving it.")
    owner = serializers.EmailField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="The email of the member of the partnership who owns it.",
    )
    raised_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    rag = serializers.ChoiceField(choices=Rag.choices, required=False, allow_blank=True)
    completed_on = serializers.DateField(required=False, allow_null=True)


class ActionCreateSerializer(ActionChangeSerializer):
    partnership = _partnership()
    source = serializers.IntegerField(  # type: ignore[assignment]  # see SOURCE
        help_text="The id of its source of learning."
    )


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The progress made.")
    rag = serializers.ChoiceField(choices=Rag.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=ActionStatus.choices,
        required=False,
        allow_blank=True,
        help_text="A new status; completing it dates it (completed_on, or the update's date).",
    )
    written_on = serializers.DateField(required=False, help_text="Today if not given.")
    completed_on = serializers.DateField(required=False, allow_null=True)


class EvidenceCreateSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=ImpactMethod.choices)
    summary = serializers.CharField(help_text="What it showed.")
    judgement = serializers.ChoiceField(choices=ImpactJudgement.choices)
    gathered_on = serializers.DateField()


class FindingFilterSerializer(serializers.Serializer):
    source = serializers.IntegerField(  # type: ignore[assignment]  # see SOURCE
        required=False, help_text="The source's id."
    )
    kind = serializers.ChoiceField(
        choices=SourceKind.choices, required=False, help_text="The kind of source."
    )
    theme = serializers.IntegerField(required=False, help_text="A theme's id.")


class FindingCreateSerializer(serializers.Serializer):
    partnership = _partnership()
    source = serializers.IntegerField(  # type: ignore[assignment]  # see SOURCE
        help_text="The id of its source of learning."
    )
    text = serializers.CharField()
    recorded_on = serializers.DateField()
    themes = _ids("The ids of the partnership's current themes it names.")


class DisseminationFilterSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=DisseminationMethod.choices, required=False)


class DisseminationCreateSerializer(serializers.Serializer):
    partnership = _partnership()
    method = serializers.ChoiceField(choices=DisseminationMethod.choices)
    title = serializers.CharField(max_length=300)
    shared_on = serializers.DateField()
    reach = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="People reached, if known."
    )
    findings = _ids("The ids of the partnership's findings it shared.")


def _bad(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _source_of(scope: Scope, pk: int) -> Source:
    source = policies.sources.visible(scope).filter(pk=pk).first()
    if source is None:
        raise _bad("source", "Choose a source of learning of this partnership, by its id.")
    return source


def _agency_of(scope: Scope, pk: int, action: Action | None) -> Agency:
    agency = selectors.owner_agency_choices(scope.partnership, action).filter(pk=pk).first()
    if agency is None:
        raise _bad("owner_agency", "Choose an agency serving this partnership, by its id.")
    return agency


def _owner_of(scope: Scope, email: str | None, action: Action | None) -> User | None:
    if not email:
        return None
    if action is not None and action.owner is not None and action.owner.email == email.lower():
        return action.owner
    owner = account_selectors.members_of(scope.partnership).filter(email__iexact=email).first()
    if owner is None:
        raise _bad("owner", f"No member of this partnership has the email “{email}”.")
    return owner


def _recommendation_of(scope: Scope, pk: int | None) -> Recommendation | None:
    if pk is None:
        return None
    rows = policies.recommendations.visible(scope)
    recommendation = rows.filter(pk=pk).first()
    if recommendation is None:
        raise _bad("recommendation", "Choose a recommendation of this partnership, by its id.")
    return recommendation


def _themes_of(scope: Scope, ids: list[int]) -> list[Theme]:
    found = list(core_selectors.themes_for(scope.partnership).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise _bad("themes", "Choose themes of this partnership, by their ids.")
    return found


def _findings_of(scope: Scope, ids: list[int]) -> list[Finding]:
    found = list(policies.findings.visible(scope).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise _bad("findings", "Choose findings of this partnership, by their ids.")
    return found


def _action_data(scope: Scope, data: dict[str, Any], action: Action | None) -> dict[str, Any]:
    """The body's ids and email as the records the services take."""
    if "recommendation" in data:
        data["recommendation"] = _recommendation_of(scope, data["recommendation"])
    if "owner_agency" in data:
        data["owner_agency"] = _agency_of(scope, data["owner_agency"], action)
    if "owner" in data:
        data["owner"] = _owner_of(scope, data["owner"], action)
    return data


# Endpoints


class LearningViewSet(RecordViewSet):
    """What every learning endpoint shares: 403 for roles with no part in learning."""

    list_needs_read_role = True

    def get_object(self) -> Any:
        self.policy.require(self.scope, VIEW)  # a member without a read role: 403
        return super().get_object()


@extend_schema_view(
    list=list_schema(ActionSerializer, ActionFilterSerializer),
    retrieve=retrieve_schema(ActionDetailSerializer),
    create=create_schema(ActionCreateSerializer, ActionDetailSerializer),
    partial_update=write_schema(ActionChangeSerializer, ActionDetailSerializer),
    progress=write_schema(ProgressSerializer, ActionDetailSerializer, "actions_progress", 201),
    evidence=write_schema(
        EvidenceCreateSerializer, ActionDetailSerializer, "actions_evidence", 201
    ),
)
class ActionViewSet(LearningViewSet):
    """The Action Plan Evaluation: every action with its source, owner agency, status, RAG, due
    date, overdue flag and latest impact judgement. Actions are never deleted (no DELETE)."""

    policy = policies.actions
    queryset = Action.objects.none()
    serializer_class = output = ActionDetailSerializer
    partnership_path = "source__partnership"

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        if self.action == "list":
            return selectors.actions_for_api(rows, timezone.localdate())
        return selectors.action_for_api(rows, timezone.localdate())

    def list(self, request: Request) -> Response:
        """Actions, filtered like the evaluation page: the earliest due first."""
        rows = self.get_queryset()
        data = self.validated(ActionFilterSerializer, request.query_params)
        agency = data.pop("agency", None)
        filters = selectors.ActionFilters.from_data(
            {**data, "agency": None if agency is None else self._agency_filter(agency)}
        )
        rows = selectors.filter_actions(rows, filters, timezone.localdate())
        page = self.paginate_queryset(rows.order_by("due_on", "pk"))
        return self.get_paginated_response(ActionSerializer(page, many=True).data)

    def _agency_filter(self, pk: int) -> Agency:
        partnerships = [scope.partnership for scope in self.scopes]
        agency = Agency.objects.filter(pk=pk, memberships__partnership__in=partnerships).first()
        if agency is None:
            raise _bad("agency", "Choose an agency serving your partnership, by its id.")
        return agency

    def retrieve(self, request: Request, pk: int) -> Response:
        """One action with its progress updates and evidence of impact."""
        return Response(self.show(self.get_object()))

    def create(self, request: Request) -> Response:
        """Add an action to a source of learning of the partnership named in the body."""
        data = self.validated(ActionCreateSerializer)
        del data["partnership"]
        source = _source_of(self.scope, data.pop("source"))
        data = _action_data(self.scope, data, None)
        created = services.action_create(actor=self.user, source=source, **data)
        return self.created(created)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given, and nothing else."""
        return self.write(
            ActionChangeSerializer,
            lambda obj, data: services.action_update(
                actor=self.user, action=obj, data=_action_data(self.scope, data, obj)
            ),
            partial=True,
        )

    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: int) -> Response:
        """Record progress; optionally set the RAG rating and move the status on."""
        return self.write(
            ProgressSerializer,
            lambda obj, data: services.action_progress_add(actor=self.user, action=obj, **data),
            answer=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: int) -> Response:
        """Record how the action's impact was looked for, and what it showed."""
        return self.write(
            EvidenceCreateSerializer,
            lambda obj, data: services.impact_evidence_add(actor=self.user, action=obj, **data),
            answer=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=list_schema(FindingSerializer, FindingFilterSerializer),
    create=create_schema(FindingCreateSerializer, FindingSerializer),
)
class FindingViewSet(LearningViewSet):
    """What each source of learning found, with the learning themes it names."""

    policy = policies.findings
    queryset = Finding.objects.none()
    serializer_class = output = FindingSerializer
    partnership_path = "source__partnership"

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.findings_for_api(rows)

    def list(self, request: Request) -> Response:
        """Findings, by source."""
        rows = self.get_queryset()
        filters = self.validated(FindingFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.filter_findings(rows, **filters))
        return self.get_paginated_response(self.show(page, many=True))

    def create(self, request: Request) -> Response:
        """Record a finding of a source of learning."""
        data = self.validated(FindingCreateSerializer)
        finding = services.finding_create(
            actor=self.user,
            source=_source_of(self.scope, data["source"]),
            text=data["text"],
            recorded_on=data["recorded_on"],
            themes=_themes_of(self.scope, data.get("themes", [])),
        )
        return self.created(finding)


@extend_schema_view(
    list=list_schema(DisseminationSerializer, DisseminationFilterSerializer),
    create=create_schema(DisseminationCreateSerializer, DisseminationSerializer),
)
class DisseminationViewSet(LearningViewSet):
    """How the learning was shared, how many it reached, and the findings it shared."""

    policy = policies.disseminations
    queryset = Dissemination.objects.none()
    serializer_class = output = DisseminationSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.disseminations_for_api(rows)

    def list(self, request: Request) -> Response:
        """Dissemination, the latest first."""
        rows = self.get_queryset()
        filters = self.validated(DisseminationFilterSerializer, request.query_params)
        if filters.get("method"):
            rows = rows.filter(method=filters["method"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.show(page, many=True))

    def create(self, request: Request) -> Response:
        """Record how learning was shared in the partnership named in the body."""
        data = self.validated(DisseminationCreateSerializer)
        del data["partnership"]
        data["findings"] = _findings_of(self.scope, data.get("findings", []))
        dissemination = services.dissemination_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(dissemination)


def register(router: DefaultRouter) -> None:
    router.register("actions", ActionViewSet)
    router.register("findings", FindingViewSet)
    router.register("disseminations", DisseminationViewSet)
