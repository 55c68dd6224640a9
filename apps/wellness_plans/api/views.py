"""The wellness plan's API: the worker's own plan (read, write, who reads it, reviewed, its
versions) and the plans shared with the reader (only the sections chosen for them; each read
audited). Managers and org admins read nothing they were not named for."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.pagination import StandardPagination
from apps.wellness_plans import services
from apps.wellness_plans.api.serializers import (
    PlanInputSerializer,
    PlanSerializer,
    ReaderInputSerializer,
    ReaderSerializer,
    VersionSerializer,
)
from apps.wellness_plans.models import WellnessPlan
from apps.wellness_plans.sections import Section
from apps.wellness_plans.selectors import my_plan, my_readers, my_versions, read_plan, read_shared_plans, shared_with

INVALID = OpenApiResponse(description="Invalid input; the body names the field")
NOT_FOUND = OpenApiResponse(description="Not found (or not yours to see)")


def _as_read(plan: WellnessPlan, sections: list[str], *, own: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": plan.pk,
        "author_id": plan.author_id,
        "author": plan.author,
        "sections": {s: plan.section_content(s) for s in Section.values if s in sections},
    }
    if own:
        data.update(reviewed_on=plan.reviewed_on, version=plan.version)
    return PlanSerializer(data).data


def _page(request: Request, view: APIView, items: list[Any], serializer: Any) -> Response:
    """One page of ``items`` (the standard pagination of every list)."""
    paginator = StandardPagination()
    page = paginator.paginate_queryset(items, request, view=view) or []
    return paginator.get_paginated_response(serializer(page, many=True).data)


def _mine_or_404(request) -> WellnessPlan:
    plan = my_plan(request.user)
    if plan is None:
        raise Http404("You have not written a wellness plan yet.")
    return plan


class MyPlanView(APIView):
    """Your own wellness plan: only you read all of it."""

    @extend_schema(summary="My wellness plan", responses={200: PlanSerializer, 404: NOT_FOUND})
    def get(self, request):
        plan = _mine_or_404(request)
        return Response(_as_read(plan, list(Section.values), own=True))

    @extend_schema(
        summary="Write or change my wellness plan (only the sections given change)",
        request=PlanInputSerializer,
        responses={200: PlanSerializer, 400: INVALID},
    )
    def patch(self, request):
        data = PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "adjustments" in changes:
            changes["adjustments"] = [dict(a) for a in changes["adjustments"]]
        plan = services.plan_save(actor=request.user, **changes)
        return Response(_as_read(plan, list(Section.values), own=True))


class MyPlanReviewedView(APIView):
    """Say you've looked your plan over: the next review reminder is six months on."""

    @extend_schema(summary="I've reviewed my plan", request=None, responses={200: PlanSerializer, 400: INVALID})
    def post(self, request):
        plan = services.plan_reviewed(actor=request.user)
        return Response(_as_read(plan, list(Section.values), own=True))


class MyPlanReadersView(APIView):
    """Who reads which sections of your plan (always, or only while you have stepped away)."""

    pagination_class = StandardPagination  # the schema documents the page envelope

    @extend_schema(summary="Who reads my plan", responses={200: ReaderSerializer(many=True), 404: NOT_FOUND})
    def get(self, request):
        plan = _mine_or_404(request)
        return _page(request, self, list(my_readers(plan)), ReaderSerializer)

    @extend_schema(
        summary="Choose which sections one person reads (both lists empty: they read nothing)",
        request=ReaderInputSerializer,
        responses={200: ReaderSerializer(many=True), 400: INVALID},
    )
    def post(self, request):
        data = ReaderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_reader_set(actor=request.user, **data.validated_data)
        plan = _mine_or_404(request)
        return _page(request, self, list(my_readers(plan)), ReaderSerializer)


class MyPlanVersionsView(APIView):
    """Every saved version of your plan, newest first (only you)."""

    pagination_class = StandardPagination  # the schema documents the page envelope

    @extend_schema(summary="Earlier versions of my plan", responses={200: VersionSerializer(many=True), 404: NOT_FOUND})
    def get(self, request):
        plan = _mine_or_404(request)
        return _page(request, self, list(my_versions(plan)), VersionSerializer)


class SharedPlansView(APIView):
    """Plans whose authors let you read part of them: only those parts (each read audited)."""

    pagination_class = StandardPagination  # the schema documents the page envelope

    @extend_schema(summary="Wellness plans shared with me", responses={200: PlanSerializer(many=True)})
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(shared_with(request.user), request, view=self) or []
        # Only the page shown is read (and recorded).
        shown = read_shared_plans(request.user, page)
        return paginator.get_paginated_response([_as_read(s.plan, s.sections, own=False) for s in shown])


class PlanDetailView(APIView):
    """One plan as you may read it (yours whole; someone else's only the parts they chose for you, audited)."""

    @extend_schema(summary="Read a wellness plan", responses={200: PlanSerializer, 404: NOT_FOUND})
    def get(self, request, plan_id):
        found = read_plan(request.user, plan_id)
        if found is None:
            raise Http404
        return Response(_as_read(found.plan, found.sections, own=found.plan.author_id == request.user.pk))
