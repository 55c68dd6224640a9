"""Idempotent POSTs: a retried or doubled request does its work once (issue 22).

Two ways in, one protocol:

* the API: an ``Idempotency-Key`` header on a POST (as payment APIs do). Within
  ``IDEMPOTENCY_WINDOW`` (24 h), the same key from the same user with the same request (method,
  path with query, body) gets the first answer again, with ``Idempotent-Replayed: true``, and
  nothing is done twice; the same key with another request is a 409. A blank key or one over 255
  characters is a 400 naming the header. Without the header nothing changes.
* pages: forms carry a one-time token (``{% idempotency_token %}``, rendered by ``_form.html``
  and by the forms that lay out their fields by hand) in the field ``idempotency_token``. A
  double submit or a re-sent POST redirects to what the first one created.

The protocol. The key's row is inserted **in the same transaction as the view's writes**, before
the view runs, and the view's answer is stored in that row before the commit. So the record and
the key's row commit together or not at all:

* a crash anywhere in the request rolls both back: the key is free and a retry runs afresh;
* a request that committed although its client never saw the answer (a dropped connection) has
  its answer stored: the retry replays it;
* a concurrent request with the same key blocks on the unique index until the first one's
  transaction ends, then replays its answer (or runs, if the first rolled back). It waits at most
  ``DB_LOCK_TIMEOUT`` (PostgreSQL's ``lock_timeout``, 5 s): then it gets a 409 "still in
  progress" and may retry. Never two records.

The middleware takes the key in ``process_view`` and keeps the answer in ``__call__``: Django
runs the view in between as always, so the view's database errors still reach the
``process_exception`` hooks (the clean 409 of a lock timeout, the 503 of an outage).

(A row inserted in its own transaction before the view — Stripe's "recovery point" design — would
leave a row "in flight" after a crash between the view's commit and the answer's, and nothing
could tell a retry whether the record exists: it would have to refuse for the whole window, or
risk a duplicate. One transaction avoids that question; the price is that a request under a key
runs in one transaction, which our views, whose services are atomic and short, do already.)

What is stored: only answers after which something may have been done — 2xx from the API, a
redirect (3xx) from a page (the POST/redirect/GET of a saved form). A 4xx or 5xx means nothing was
created (services are atomic and raise before they commit), so the row is dropped (a 5xx rolls the
whole request back) and a retry — say with a corrected body — runs again; storing a 400, 403 or
429 would pin a transient refusal for 24 h. A page that re-renders a form with errors stores
nothing either.

Privacy: the stored answer may carry private text (``POST /reflections/`` answers with the body).
We store it rather than an id to re-render through the GET path, because the client is owed *the
first answer* (several POSTs are actions with no GET twin, and a re-rendered body could differ),
and protect it instead: the client's key is never stored (only an HMAC of it with
``SECRET_KEY``), the request fingerprint is keyed with it, and the answer is encrypted (Fernet)
with a key derived from it, so the table is unreadable — and no body can be matched to a
fingerprint — without the key only the client holds. Rows expire with the hourly housekeeping
task, go with their user, and neither keys nor answers are ever logged. The replay goes only to
the user who made the request; reads of a body were audited when the first answer was made.

Anonymous voice (feedback, pulse answers) is exempt: its tables link nobody to an answer, and a
row naming the user written in the same transaction would (see ``apps.voice.models``). A pulse
can be answered once anyway.
"""

import base64
import hashlib
import json
import sys
from datetime import timedelta
from hmac import compare_digest

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.core.errors import database_failure_response
from apps.core.models import IdempotencyKey
from apps.core.text import NOT_ONLY_SPACES

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
FORM_FIELD = "idempotency_token"
MAX_KEY_LENGTH = 255
# Never part of what makes two page submissions "the same request": the CSRF token is masked
# afresh on every render, and the token is the key itself.
_NOT_FINGERPRINTED = {"csrfmiddlewaretoken", FORM_FIELD}

# Views (dotted path; ``.action`` for a viewset action) that ignore keys and tokens: see the
# module doc. Checked to exist by tests/core/test_idempotency.py.
EXEMPT_VIEWS = frozenset(
    {
        "apps.voice.api.views.FeedbackViewSet.create",
        "apps.voice.api.views.PulseViewSet.answer",
        "apps.voice.views.team_voice_page",
        "apps.voice.api.group_views.GroupPulseViewSet.answer",
        "apps.voice.group_views.group_pulse_page",
        # The privacy check does nothing to replay, and its answer (the spans found in private
        # text) must never be stored, not even sealed (apps/privacy_check/README.md).
        "apps.privacy_check.api.views.PrivacyCheckView",
    }
)

API_DESCRIPTION = (
    "Optional. Any unique string of 1-255 characters (a UUID is a good choice). Sent again with the "
    "same request within 24 hours, the first successful (2xx) answer is returned again, with "
    "`Idempotent-Replayed: true`, and nothing is done twice. The same key with a different request "
    "is a 409. A retry while the first request is still running waits for it (a 409 with Retry-After "
    "if that takes longer than the database's lock timeout). Keys are per user."
)

_MISMATCH = (
    f"This {HEADER} was already used for a different request (method, path or body). Send a new key with a new request."
)
_IN_PROGRESS = f"A request with this {HEADER} is still in progress. Retry it in a moment."


def window() -> timedelta:
    return settings.IDEMPOTENCY_WINDOW


def delete_expired() -> int:
    """Delete keys older than the window (housekeeping); returns how many."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - window()).delete()
    return deleted


# --- which views take part ------------------------------------------------------------------------


def _view_names(view_func) -> set[str]:
    cls = getattr(view_func, "cls", None)
    if cls is None:
        return {f"{view_func.__module__}.{view_func.__qualname__}"}
    name = f"{cls.__module__}.{cls.__qualname__}"
    action = (getattr(view_func, "actions", None) or {}).get("post")
    return {name, f"{name}.{action}"} if action else {name}


def api_view_takes_key(view_class, action: str | None) -> bool:
    """Whether a DRF view's POST honours the header: it authenticates someone, and is not exempt."""
    name = f"{view_class.__module__}.{view_class.__qualname__}"
    if name in EXEMPT_VIEWS or (action and f"{name}.{action}" in EXEMPT_VIEWS):
        return False
    return bool(view_class.authentication_classes)


# --- digests and the stored answer ------------------------------------------------------------------


def _lookup_digest(user, key: str) -> str:
    return salted_hmac("pspteam.idempotency.lookup", f"{user.pk}:{key}", algorithm="sha256").hexdigest()


def _fingerprint(user, key: str, request, body_digest: str) -> str:
    # Keyed with the client's key: without it nobody can test a known text against the row.
    value = f"{user.pk}:{key}\0{request.method}\0{request.get_full_path()}\0{body_digest}"
    return salted_hmac("pspteam.idempotency.request", value, algorithm="sha256").hexdigest()


def _cipher(user, key: str) -> Fernet:
    secret = salted_hmac("pspteam.idempotency.response", f"{user.pk}:{key}", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(secret))


def _form_digest(request) -> str:
    """A digest of a form-encoded or multipart body, from Django's parsed fields and files (a
    multipart body may be too large to hold in memory as one string)."""
    digest = hashlib.sha256()
    fields = sorted((k, v) for k, values in request.POST.lists() if k not in _NOT_FINGERPRINTED for v in values)
    digest.update(json.dumps(fields).encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(json.dumps([name, upload.name, upload.size]).encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def _is_form(request) -> bool:
    return request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}


def _seal(cipher: Fernet, response, *, with_body: bool) -> bytes:
    answer = {"status": response.status_code, "location": response.get("Location")}
    if with_body:
        answer["content_type"] = response.get("Content-Type")
        answer["body"] = base64.b64encode(response.content).decode()
    return cipher.encrypt(json.dumps(answer).encode())


def _open(cipher: Fernet, sealed: bytes) -> dict | None:
    try:
        return json.loads(cipher.decrypt(bytes(sealed)))
    except InvalidToken:
        return None


# --- the protocol -------------------------------------------------------------------------------------

_IN_PROGRESS_STATES = {"55P03", "57014"}  # lock_not_available (lock_timeout), query_canceled (statement_timeout)


def _timed_out(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) in _IN_PROGRESS_STATES or "database is locked" in str(exc)


class _InProgress(Exception):
    pass


def _claim(user, lookup: str, fingerprint: str):
    """Insert the key's row (ours: returns ``(row, True)``) or find the committed one that holds it
    (``(row, False)``). Must run inside the request's transaction."""
    for _ in range(3):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(user=user, key_digest=lookup, fingerprint=fingerprint), True
        except IntegrityError:
            pass
        except OperationalError as exc:
            if _timed_out(exc):
                raise _InProgress from exc
            raise
        existing = IdempotencyKey.objects.filter(user=user, key_digest=lookup).first()
        if existing is None:
            continue  # the holder's row went away between our insert and this read: try again
        if existing.created_at < timezone.now() - window():
            # Expired, not yet swept: the key is free again.
            IdempotencyKey.objects.filter(pk=existing.pk).delete()
            continue
        return existing, False
    raise _InProgress


class _Keyed:
    """One request under a key: ``start`` (in ``process_view``) opens the transaction and takes
    the key, or answers at once (a replay, a conflict); ``finish`` (in ``__call__``, with the final
    response, after every ``process_exception`` hook and the rendering) keeps or drops the answer
    and ends the transaction. The view itself is run by Django as usual, in between."""

    def __init__(self, request, *, user, key: str, body_digest: str, api: bool):
        self.request, self.api = request, api
        self.lookup = _lookup_digest(user, key)
        self.fingerprint = _fingerprint(user, key, request, body_digest)
        self.cipher = _cipher(user, key)
        self.user = user
        self.atomic = None
        self.row = None

    def start(self):
        """``None`` when the key is ours (the transaction stays open for the view), else the answer."""
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        try:
            row, ours = _claim(self.user, self.lookup, self.fingerprint)
        except _InProgress:
            self._end()
            return _conflict(self.request, _IN_PROGRESS, api=self.api, retry_after=True)
        except BaseException:
            self._end(*sys.exc_info())
            raise
        if ours:
            self.row = row
            return None
        self._end()
        if not compare_digest(row.fingerprint, self.fingerprint):
            return _conflict(self.request, _MISMATCH, api=self.api, row=row, cipher=self.cipher)
        answer = _open(self.cipher, row.response)
        if answer is None:  # cannot happen unless SECRET_KEY changed under the same lookup digest
            return _conflict(self.request, _MISMATCH, api=self.api)
        return _replay(self.request, answer, api=self.api)

    def finish(self, response):
        try:
            status = response.status_code
            if status >= 500:
                transaction.set_rollback(True)
            elif self._keeps(response):
                self.row.response = _seal(self.cipher, response, with_body=self.api)
                self.row.save(update_fields=["response"])
            else:
                self._drop()
        except BaseException:
            self._end(*sys.exc_info())
            raise
        self._end()
        return response

    def _keeps(self, response) -> bool:
        if response.streaming:
            return False
        status = response.status_code
        if self.api:
            return 200 <= status < 300
        return 300 <= status < 400 and response.has_header("Location")

    def _drop(self):
        """Free the key, keeping what the view did (e.g. an autosaved draft answered with a 200).
        If a failed statement left the transaction unusable, roll it all back instead."""
        try:
            with transaction.atomic():
                IdempotencyKey.objects.filter(pk=self.row.pk).delete()
        except DatabaseError:
            transaction.set_rollback(True)

    def _end(self, *exc_info):
        atomic, self.atomic = self.atomic, None
        if atomic is not None:
            atomic.__exit__(*(exc_info or (None, None, None)))


def _replay(request, answer: dict, *, api: bool):
    if api:
        response = HttpResponse(
            base64.b64decode(answer["body"]), status=answer["status"], content_type=answer["content_type"]
        )
        if answer.get("location"):
            response["Location"] = answer["location"]
    else:
        messages.info(request, "That form had already been sent: it was saved once. Here is the result.")
        response = HttpResponseRedirect(answer["location"])
        response.status_code = answer["status"]
    response[REPLAYED_HEADER] = "true"
    return response


def _conflict(request, detail: str, *, api: bool, retry_after=False, row=None, cipher=None):
    response: HttpResponse
    if api:
        response = JsonResponse({"detail": detail}, status=409)
    else:
        first = _open(cipher, row.response) if row is not None and cipher is not None else None
        response = render(
            request,
            "core/idempotency_conflict.html",
            {"in_progress": retry_after, "result_url": (first or {}).get("location")},
            status=409,
        )
    if retry_after:
        response["Retry-After"] = "1"
    return response


def _api_user(request, view_class):
    """Who the view will authenticate, found the same way before it runs (DRF authenticates inside
    the view, after every middleware). Anyone it cannot authenticate gets the view's own 401/403."""
    drf_request = Request(request, parsers=[parser() for parser in view_class.parser_classes])
    for authenticator in (cls() for cls in view_class.authentication_classes):
        try:
            result = authenticator.authenticate(drf_request)
        except APIException:
            return None
        if result is not None:
            return result[0]
    return None


class IdempotencyMiddleware:
    """Runs POSTs that carry an ``Idempotency-Key`` (API) or a form token (pages) under the
    protocol above: the key is taken in ``process_view`` (after sign-in, two-factor and CSRF have
    refused what they refuse), the answer kept in ``__call__``. Every middleware listed after
    this one runs inside the request's transaction."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except BaseException:
            keyed = getattr(request, "_idempotency", None)
            if keyed is not None:
                keyed._end(*sys.exc_info())
            raise
        keyed = getattr(request, "_idempotency", None)
        if keyed is not None:
            request._idempotency = None
            response = keyed.finish(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or _view_names(view_func) & EXEMPT_VIEWS:
            return None
        view_class = getattr(view_func, "cls", None)
        try:
            if view_class is not None and issubclass(view_class, APIView):
                keyed = self._api(request, view_class)
            else:
                keyed = self._page(request)
            if not isinstance(keyed, _Keyed):
                return keyed  # None (no key: as usual) or a 400
            answer = keyed.start()
        except DatabaseError as exc:
            # Raised here, not by the view, so no process_exception hook sees it: answer alike.
            answer = database_failure_response(request, exc)
            if answer is None:
                raise
            return answer
        if answer is None:
            request._idempotency = keyed
        return answer

    def _api(self, request, view_class):
        raw = request.headers.get(HEADER)
        if raw is None:
            return None
        # The body first: authenticating by session parses it (CSRF), which would consume the stream.
        body_digest = _form_digest(request) if _is_form(request) else hashlib.sha256(request.body).hexdigest()
        user = _api_user(request, view_class)
        if user is None:
            return None
        key = raw.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            problem = "must not be blank" if not key else f"must be at most {MAX_KEY_LENGTH} characters"
            message = f"The {HEADER} header {problem}."
            return JsonResponse({"detail": message, HEADER: [message]}, status=400)  # docs/api.md, "Errors"
        return _Keyed(request, user=user, key=key, body_digest=body_digest, api=True)

    def _page(self, request):
        if not _is_form(request) or not request.user.is_authenticated:
            return None
        key = request.POST.get(FORM_FIELD, "").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return None  # not one of our tokens: the form works as it would without one
        return _Keyed(request, user=request.user, key=key, body_digest=_form_digest(request), api=False)


# --- the OpenAPI schema --------------------------------------------------------------------------------


class IdempotentAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the ``Idempotency-Key`` header on every POST that honours it."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method == "POST" and api_view_takes_key(type(self.view), getattr(self.view, "action", None)):
            parameters = [
                *parameters,
                OpenApiParameter(
                    HEADER,
                    type={"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": NOT_ONLY_SPACES},
                    location=OpenApiParameter.HEADER,
                    required=False,
                    description=API_DESCRIPTION,
                ),
            ]
        return parameters


def add_conflict_responses(result, generator, request, public):
    """Postprocessing hook: a 409 on every operation that takes the header (reused key, or in progress)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            if any(p.get("in") == "header" and p.get("name") == HEADER for p in operation.get("parameters", [])):
                operation.setdefault("responses", {}).setdefault(
                    "409",
                    {
                        "description": f"The {HEADER} was used for a different request, or that request is still running.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
