"""Import staff: upload, choose columns, check (dry run), apply. Org admins only."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.http import AuthenticatedRequest
from apps.core.forms import run_service
from apps.core.progress import progress_response
from apps.imports import columns as cols
from apps.imports import services
from apps.imports.exports import export_dataset
from apps.imports.forms import ColumnsForm, UploadForm
from apps.imports.models import ImportRun, Kind
from apps.imports.selectors import get_run_for, runs_visible_to
from apps.notifications.queue import publish

ROWS_PER_PAGE = 100
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def home(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a file (and export what is there now)."""
    runs = runs_visible_to(request.user)  # 403 for anyone but an org admin, before anything else
    form = UploadForm()
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = run_service(
                form,
                services.import_upload,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                data=upload.read(),
            )
            if run:
                return redirect("imports:run-columns", run.pk)
        status = 400
    return render(
        request,
        "imports/home.html",
        {"form": form, "runs": runs.select_related("created_by")[:10], "kinds": Kind.choices},
        status=status,
    )


def run_columns(request: AuthenticatedRequest, run_id) -> HttpResponse:
    """Which column holds what; remembered for the organisation's next file."""
    run = get_run_for(request.user, run_id)
    if run.status not in (ImportRun.Status.UPLOADED, ImportRun.Status.CHECKED):
        return redirect("imports:run-detail", run.pk)
    remembered = services.remembered_columns(organisation_id=run.organisation_id, kind=run.kind)
    initial = run.columns or cols.guess_columns(run.kind, run.headers, remembered)
    form = ColumnsForm(request.POST or None, kind=run.kind, headers=run.headers, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            mapped = run_service(form, services.import_map, actor=request.user, run=run, chosen=form.cleaned_data)
            if mapped:
                _start(request, mapped, "apps.imports.tasks.check", services.import_check, ImportRun.Status.UPLOADED)
                return redirect("imports:run-detail", run.pk)
        status = 400
    return render(request, "imports/run_columns.html", {"run": run, "form": form}, status=status)


def _start(request, run: ImportRun, task: str, inline, fallback: str) -> None:
    """Small files are checked or applied now; big ones by the worker, with a progress bar."""
    if run.row_count < settings.IMPORT_BACKGROUND_ROWS:
        inline(run_id=run.pk)
    elif not publish(task, str(run.pk)):
        ImportRun.objects.filter(pk=run.pk).update(status=fallback)
        messages.error(request, "The background worker could not be reached. Nothing was changed; try again shortly.")


@require_GET
def run_detail(request: AuthenticatedRequest, run_id) -> HttpResponse:
    """The dry run (or the outcome): every row with its action and problems."""
    run = get_run_for(request.user, run_id, with_results=True)
    show = request.GET.get("show", "")
    results = run.results if show not in services.ACTIONS else [r for r in run.results if r["action"] == show]
    page = Paginator(results, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "show": show,
        "actions": [(a, run.counts.get(a, 0)) for a in services.ACTIONS],
        "done": services.progress_of(run),
    }
    return render(request, "imports/run_detail.html", context)


@require_GET
def run_progress(request: AuthenticatedRequest, run_id) -> HttpResponse:
    """Polled by the page while the worker checks or applies the file."""
    run = get_run_for(request.user, run_id)
    return progress_response(
        request,
        "imports/_progress.html",
        {"run": run, "done": services.progress_of(run), "busy": run.busy, "total": run.row_count},
        busy=run.busy,
        page_url=reverse("imports:run-detail", args=[run.pk]),
    )


@require_POST
def run_apply(request: AuthenticatedRequest, run_id) -> HttpResponse:
    run = get_run_for(request.user, run_id)
    try:
        claimed = services.import_claim_apply(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("imports:run-detail", run.pk)
    if claimed:
        run.refresh_from_db(fields=["status"])
        _start(request, run, "apps.imports.tasks.apply", services.import_apply, ImportRun.Status.CHECKED)
    return redirect("imports:run-detail", run.pk)


@require_GET
def export(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's people (with their team) or training records, in the import's columns
    (``?kind=people|training&format=csv|xlsx``)."""
    runs_visible_to(request.user)  # 403 for anyone but an org admin
    kind, fmt = request.GET.get("kind", Kind.PEOPLE), request.GET.get("format", "csv")
    if kind not in Kind.values or fmt not in FORMATS:
        raise Http404
    dataset = export_dataset(actor=request.user, kind=kind)
    body = dataset.export("csv").encode("utf-8") if fmt == "csv" else dataset.export("xlsx")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="pspteam-{kind}.{fmt}"'
    return response
