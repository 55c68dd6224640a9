"""The worker's portfolio documents (their own only) and the public verification page."""

import hashlib
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.http import AuthenticatedRequest
from apps.core import progress
from apps.core.forms import run_service
from apps.portfolio_documents import codes, services, throttle
from apps.portfolio_documents.forms import DocumentForm
from apps.portfolio_documents.models import PortfolioDocument
from apps.portfolio_documents.sections import SECTIONS
from apps.portfolio_documents.selectors import (
    documents_of,
    get_document_for,
    read_document_file,
    verification_lookup,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@require_GET
def document_list(request: AuthenticatedRequest) -> HttpResponse:
    """ "My portfolio documents"."""
    context = {
        "documents": documents_of(request.user),
        "file_days": settings.PORTFOLIO_DOCUMENT_FILE_DAYS,
        "verification_years": settings.PORTFOLIO_VERIFICATION_DAYS // 365,
    }
    return render(request, "portfolio_documents/document_list.html", context)


@require_http_methods(["GET", "POST"])
def document_new(request: AuthenticatedRequest) -> HttpResponse:
    """Choose the dates and sections (and reflections, one by one); the worker makes the PDF."""
    reflections = services.own_pickable_reflections(request.user).order_by("-occurred_on", "-created_at")
    form = DocumentForm(request.POST or None, worker=request.user, reflections=reflections)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            document = run_service(
                form,
                services.document_request,
                actor=request.user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                sections=form.cleaned_data["sections"],
                reflection_ids=[r.pk for r in form.cleaned_data["reflections"]],
            )
            if document:
                return redirect("portfolio_documents:document-detail", document.pk)
        status = 400
    return render(request, "portfolio_documents/document_new.html", {"form": form}, status=status)


def _progress_context(document: PortfolioDocument) -> dict:
    return {
        "document": document,
        "done": progress.progress_of(services.progress_key(document)),
        "total": services.progress_total(document),
        "busy": document.busy,
    }


@require_GET
def document_detail(request: AuthenticatedRequest, document_id) -> HttpResponse:
    document = get_document_for(request.user, document_id)
    context = {**_progress_context(document), "sections": [SECTIONS[k] for k in document.sections if k in SECTIONS]}
    return render(request, "portfolio_documents/document_detail.html", context)


@require_GET
def document_progress(request: AuthenticatedRequest, document_id) -> HttpResponse:
    """Polled by the page while the worker makes the PDF."""
    document = get_document_for(request.user, document_id)
    return progress.progress_response(
        request,
        "portfolio_documents/_progress.html",
        _progress_context(document),
        busy=document.busy,
        page_url=reverse("portfolio_documents:document-detail", args=[document.pk]),
    )


@require_GET
def document_download(request: AuthenticatedRequest, document_id) -> FileResponse:
    """The owner's download (audited); anyone else's document is a 404."""
    document = get_document_for(request.user, document_id)
    if not document.downloadable:
        raise Http404("This document's file is not available.")
    read_document_file(request.user, document)
    name = f"portfolio-{document.starts_on:%Y%m%d}-{document.ends_on:%Y%m%d}.pdf"  # machine date
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_revoke(request: AuthenticatedRequest, document_id) -> HttpResponse:
    document = get_document_for(request.user, document_id)
    services.document_revoke(actor=request.user, document=document)
    messages.success(request, "The verification link is revoked: anyone who opens it now reads that it was revoked.")
    return redirect("portfolio_documents:document-detail", document.pk)


# --- public: the verification page (no account) ------------------------------------------------


def _too_many(request, wait: int) -> HttpResponse:
    response = render(request, "portfolio_documents/verify_too_many.html", {"minutes": max(1, wait // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    # The address holds the code: never sent to another site. ("no-referrer" would also make the
    # browser send "Origin: null" with the compare form, which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _in_words(value):
    """The snapshot's ISO dates as dates, so that the page writes them as people do."""
    if isinstance(value, dict):
        return {k: _in_words(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_words(v) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


@login_not_required
@never_cache
@require_GET
def verify_start(request) -> HttpResponse:
    """Type a code (from a portfolio PDF) to check it."""
    typed = request.GET.get("code", "")
    if typed:
        code = codes.normalise(typed)
        if code is None:  # not even the shape of a code: nothing to look up
            return _public(render(request, "portfolio_documents/verify_not_found.html", status=404))
        return redirect("portfolio_documents:verify", code="-".join(code[i : i + 4] for i in range(0, len(code), 4)))
    return _public(render(request, "portfolio_documents/verify_start.html"))


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code: str) -> HttpResponse:
    """What a document shows, confirmed: names, dates and totals from the snapshot taken when it
    was made. A POSTed PDF is compared with the file issued (its SHA-256). An unknown code is a
    404; a revoked one says so and nothing else."""
    ok, wait = throttle.allowed(request)
    if not ok:
        return _public(_too_many(request, wait))
    uploading = request.method == "POST"
    document = verification_lookup(code, detail="verification: PDF compared" if uploading else "verification looked up")
    if document is None:
        return _public(render(request, "portfolio_documents/verify_not_found.html", status=404))
    if document.revoked_at is not None:
        return _public(render(request, "portfolio_documents/verify_revoked.html", {"document": document}, status=410))
    context: dict = {"document": document, "facts": _in_words(document.facts), "code": code}
    status = 200
    if uploading:
        upload = request.FILES.get("file")
        if upload is None or not upload.size:
            context["upload_error"] = "Choose the PDF file to compare."
            status = 400
        elif upload.size > MAX_UPLOAD_BYTES:
            context["upload_error"] = "That file is larger than any portfolio document: it is not the one issued."
            status = 400
        else:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            context["matches"] = digest.hexdigest() == document.sha256
    return _public(render(request, "portfolio_documents/verify.html", context, status=status))
