"""Portfolio pages: the evidence map (mine, or a person's I may read), linking a record as
evidence from the map or from the record's own page, and unlinking (issue 17)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.competencies.models import Domain
from apps.core.forms import run_service
from apps.core.selectors import get_or_404
from apps.portfolio import services
from apps.portfolio.forms import EvidenceChoiceForm, MapFilterForm, RecordLinkForm
from apps.portfolio.selectors import (
    competencies_for_linking,
    evidence_map,
    frameworks_for_map,
    get_map_framework,
    get_own_link,
    get_readable_worker,
    linkable_records,
    read_evidence_map,
    readable_workers,
)


def _map_page(request: HttpRequest, worker: User) -> HttpResponse:
    viewer = request.user
    assert isinstance(viewer, User)
    frameworks = frameworks_for_map(viewer)
    framework = get_map_framework(viewer, request.GET.get("framework"))
    domains = Domain.objects.filter(framework=framework).order_by("position")
    domain = None
    if request.GET.get("domain"):
        domain = get_or_404(domains, request.GET["domain"])
    result = read_evidence_map(viewer, evidence_map(worker, framework, viewer, domain=domain), detail="evidence map")
    filters = MapFilterForm(
        initial={"framework": framework.pk, "domain": domain.pk if domain else None},
        frameworks=frameworks,
        domains=domains,
    )
    others: list[User] = []
    if worker.pk == viewer.pk:
        others = list(readable_workers(viewer).exclude(pk=viewer.pk).order_by("display_name")[:100])
    return render(
        request,
        "portfolio/map.html",
        {
            "map": result,
            "filters": filters,
            "is_me": worker.pk == viewer.pk,
            "others": others,
            "framework_count": frameworks.count(),
        },
    )


def my_map(request: HttpRequest) -> HttpResponse:
    """My portfolio: every competency of a framework my organisation uses, gaps first."""
    assert isinstance(request.user, User)
    return _map_page(request, request.user)


def worker_map(request: HttpRequest, worker_id: Any) -> HttpResponse:
    """A supervisee's map (with the evidence I may read), or a team member's states (managers)."""
    worker = get_readable_worker(request.user, worker_id)  # type: ignore[arg-type]
    if worker.pk == request.user.pk:
        return redirect("portfolio:map")
    return _map_page(request, worker)


def _safe_next(request: HttpRequest, value: str | None, fallback: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return fallback


def link_add(request: HttpRequest, competency_id: Any) -> HttpResponse:
    """From the map: link one of my records to this competency."""
    user = request.user
    assert isinstance(user, User)
    competency = get_or_404(competencies_for_linking(user), competency_id)
    records = linkable_records(user)
    form = EvidenceChoiceForm(request.POST or None, records=records)
    status = 200
    back = reverse("portfolio:map") + f"?framework={competency.framework_id}#c-{competency.pk}"
    if request.method == "POST":
        if form.is_valid():
            kind, object_id = form.cleaned_data["record"]
            link = run_service(
                form,
                services.evidence_link,
                actor=user,
                competency=competency,
                kind=kind,
                object_id=object_id,
            )
            if link:
                messages.success(request, f"Linked as evidence for {competency.code} {competency.title}.")
                return redirect(back)
        status = 400
    return render(
        request,
        "portfolio/link_add.html",
        {"competency": competency, "form": form, "back": back, "has_records": any(rows for _, rows in records)},
        status=status,
    )


@require_POST
def link_record(request: HttpRequest) -> HttpResponse:
    """From a record's own page ("Link as evidence"): link it to the competency chosen."""
    user = request.user
    assert isinstance(user, User)
    form = RecordLinkForm(request.POST, competencies=competencies_for_linking(user))
    fallback = reverse("portfolio:map")
    if form.is_valid():
        next_url = _safe_next(request, form.cleaned_data.get("next"), fallback)
        link = run_service(
            form,
            services.evidence_link,
            actor=user,
            competency=form.cleaned_data["competency"],
            kind=form.cleaned_data["kind"],
            object_id=form.cleaned_data["object_id"],
        )
        if link:
            competency = form.cleaned_data["competency"]
            messages.success(request, f"Linked as evidence for {competency.code} {competency.title}.")
            return redirect(next_url)
    return render(request, "portfolio/link_error.html", {"form": form, "back": fallback}, status=400)


@require_POST
def link_delete(request: HttpRequest, link_id: Any) -> HttpResponse:
    """Remove a link (mine only; the record itself stays)."""
    user = request.user
    assert isinstance(user, User)
    link = get_own_link(user, link_id)
    services.evidence_unlink(actor=user, link=link)
    messages.success(request, "Removed from the evidence.")
    return redirect(_safe_next(request, request.POST.get("next"), reverse("portfolio:map")))
