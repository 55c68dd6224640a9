"""The kinds of record a worker can link as evidence for a competency (issue 17).

A registry, like ``apps.core.registry``: each kind says everything about itself, and the
portfolio knows none of them by name. The kinds of the apps below the portfolio (reflections,
supervision sessions, training records, signed-off assessments) are registered by
``apps.portfolio.kinds`` (those apps cannot import this one: layers); an app above the portfolio
(e.g. external feedback, ``apps.raters``) registers its own from its ``AppConfig.ready()``::

    from apps.portfolio.evidence import register_evidence_kind

    register_evidence_kind(
        "external_feedback",
        label="External feedback",
        model=Feedback,
        can_read=lambda viewer, obj: ...,        # the app's own read rule, never wider
        describe=lambda obj: "Feedback from a clinical colleague",  # a label, never body text
        dated=lambda obj: obj.received_on,       # when it happened: the 3-year rule reads it
        linkable=lambda worker: Feedback.objects.filter(worker=worker, accepted=True),
        visible=lambda viewer: feedback_visible_to(viewer),  # optional: can_read as one query
        url=lambda obj: reverse("raters:feedback-detail", args=[obj.pk]),  # optional
        order=50,
        audited=True,   # a non-owner seeing it on the map is recorded as a read
    )

A key registered twice is a start-up error. Every callback is called with the model's own
instances (UUID primary keys); none may make a query at registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

ReadRule = Callable[[Any, Any], bool]  # (viewer, obj) -> bool
Scope = Callable[[Any], QuerySet[Any]]  # (user) -> queryset of the kind's model


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str
    model: type[Model]
    can_read: ReadRule
    describe: Callable[[Any], str]
    dated: Callable[[Any], date | None]
    linkable: Scope
    visible: Scope | None = None
    url: Callable[[Any], str | None] | None = None
    order: int = 100
    audited: bool = False

    def readable_ids(self, viewer: Any, objects: Iterable[Any]) -> set[Any]:
        """The ids among ``objects`` that ``viewer`` may read, by the kind's own rule (one
        query with ``visible``; otherwise ``can_read`` per object)."""
        objects = list(objects)
        if not objects:
            return set()
        if self.visible is not None:
            ids = [o.pk for o in objects]
            return set(self.visible(viewer).filter(pk__in=ids).values_list("pk", flat=True))
        return {o.pk for o in objects if self.can_read(viewer, o)}

    def link_url(self, obj: Any) -> str | None:
        return self.url(obj) if self.url is not None else None


class _Kinds:
    def __init__(self) -> None:
        self._kinds: dict[str, EvidenceKind] = {}

    def register(self, kind: EvidenceKind) -> EvidenceKind:
        if kind.key in self._kinds:
            raise ImproperlyConfigured(f"Evidence kind {kind.key!r} is registered twice: each key is registered once.")
        self._kinds[kind.key] = kind
        return kind

    def get(self, key: str) -> EvidenceKind | None:
        return self._kinds.get(key)

    def for_model(self, model: type[Model]) -> EvidenceKind | None:
        return next((k for k in self._kinds.values() if k.model is model), None)

    def keys(self) -> list[str]:
        return [k.key for k in self]

    def __iter__(self) -> Iterator[EvidenceKind]:
        return iter(sorted(self._kinds.values(), key=lambda k: (k.order, k.key)))

    def __contains__(self, key: object) -> bool:
        return key in self._kinds

    def unregister(self, key: str) -> None:
        """For tests that register a kind of their own."""
        self._kinds.pop(key, None)

    @contextmanager
    def emptied(self) -> Iterator[None]:
        """Start empty and restore the kinds afterwards: for tests that run ``ready()`` again."""
        saved = dict(self._kinds)
        self._kinds.clear()
        try:
            yield
        finally:
            self._kinds = saved

    def snapshot(self) -> list[EvidenceKind]:
        return list(self)


EVIDENCE_KINDS = _Kinds()


def register_evidence_kind(
    key: str,
    *,
    label: str,
    model: type[Model],
    can_read: ReadRule,
    describe: Callable[[Any], str],
    dated: Callable[[Any], date | None],
    linkable: Scope,
    visible: Scope | None = None,
    url: Callable[[Any], str | None] | None = None,
    order: int = 100,
    audited: bool = False,
) -> EvidenceKind:
    """A kind of record that can be linked as evidence.

    * ``can_read(viewer, obj)``: the record's own read rule (reuse the app's policy; never wider);
    * ``visible(viewer)``: optional, the same rule as a queryset (one query for a whole map);
    * ``linkable(worker)``: the records the worker may link as *their* evidence (their own);
    * ``describe(obj)``: a short label shown on the map (a title or a date, never body text);
    * ``dated(obj)``: when it happened (the "last 3 years" rule);
    * ``url(obj)``: the record's own page (which audits its reads), or ``None``;
    * ``audited``: a reader other than the worker seeing it on the map is recorded as a read.
    """
    if not key or not key.replace("_", "").isalnum() or len(key) > 40:
        raise ImproperlyConfigured(f"Evidence kind key {key!r}: letters, digits and underscores, at most 40.")
    return EVIDENCE_KINDS.register(
        EvidenceKind(key, label, model, can_read, describe, dated, linkable, visible, url, order, audited)
    )
