"""The API's filter backend: django-filter's, with the conventions of docs/api.md enforced for
every list at once, so that no filter can quietly return the unfiltered list:

* a boolean filter takes ``true`` or ``false`` and nothing else (django-filter reads ``1``,
  ``yes`` or ``maybe`` as "no filter" without a word): anything else is a 400 naming it;
* an id filter (``?team=``, ``?worker=``) matches ids, it does not look them up: an id the reader
  cannot see (another organisation's team, a worker outside their scope, an id that never
  existed) gives an empty list, as any id they may see but that matches nothing. django-filter's
  own id filter checks the id against every row of the table and answers a 400 "Select a valid
  choice" for an unknown one, which told a reader whether an id exists anywhere. A malformed id is
  still a 400 naming the parameter;
* ``ordering``: a list that offers it names its fields in ``ordering_fields`` (a tuple of
  names, each sortable both ways: ``name`` or ``-name``); one field per request, always followed
  by ``id`` so that equal values keep one order page after page. The schema lists the allowed
  values as an enum; any other value is a 400 naming ``ordering``. A list without
  ``ordering_fields`` does not offer it (the parameter is then unknown: a 400);
* a query parameter a list does not know (a typo, an ``ordering`` it does not offer) is a 400
  naming it. Known are the filterset's parameters (a range filter's ``<name>_after`` and
  ``<name>_before``), ``ordering`` where offered, the paginator's ``page`` and ``page_size``, and what the view declares in
  ``extra_query_params`` (a parameter it reads itself).
"""

from collections.abc import Iterable
from typing import Any

import django_filters
from django.db.models import Model, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

BOOLEAN_VALUES = ("true", "false")
NOT_A_BOOLEAN = "Must be true or false."
UNKNOWN_PARAMETER = "Unknown query parameter."
ORDERING = "ordering"
TIE_BREAKER = "pk"


def ordering_values(view: Any) -> list[str]:
    """The values ``?ordering=`` takes on ``view``'s list: each field, ascending then descending.
    Only the view's own list: a sub-collection of one of its objects (a reflection's comments)
    lists something else."""
    if getattr(view, "action", None) not in (None, "list"):
        return []
    return [value for name in getattr(view, "ordering_fields", ()) for value in (name, f"-{name}")]


def order(queryset: QuerySet[Model], request: Request, view: Any) -> QuerySet[Model]:
    """``queryset`` in the order ``?ordering=`` asks for (then by id), or as the view set it."""
    raw = request.query_params.get(ORDERING)
    if raw is None:
        return queryset
    allowed = ordering_values(view)
    if raw not in allowed or len(request.query_params.getlist(ORDERING)) > 1:
        raise ValidationError({ORDERING: [f"Must be one of: {', '.join(allowed)}."]})
    return queryset.order_by(raw, TIE_BREAKER)


def ordering_parameters(view: Any) -> list[dict[str, Any]]:
    """The ``ordering`` query parameter as the schema documents it (none where not offered)."""
    allowed = ordering_values(view)
    if not allowed:
        return []
    description = (
        "Sort by one field, `-` for descending (ties in id order); by default the list's own order. "
        f"One of: {', '.join(allowed)}."
    )
    return [
        {
            "name": ORDERING,
            "required": False,
            "in": "query",
            "description": description,
            "schema": {"type": "string", "enum": allowed},
        }
    ]


def strict_boolean(request: Request, name: str) -> bool:
    """A boolean query parameter a view reads itself: ``true`` or ``false``, absent is false;
    anything else is a 400 naming it (as every boolean filter, ``refuse_loose_booleans``)."""
    values = request.query_params.getlist(name)
    if any(value not in BOOLEAN_VALUES for value in values):
        raise ValidationError({name: [NOT_A_BOOLEAN]})
    return bool(values) and values[-1] == "true"


def filterset_parameters(filterset_class: type[django_filters.FilterSet]) -> set[str]:
    """The query parameters a filterset reads: a range filter's widget reads one per suffix."""
    names = set()
    for name, filter_ in filterset_class.base_filters.items():
        suffixes = getattr(filter_.field.widget, "suffixes", None)
        if suffixes:
            names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        else:
            names.add(name)
    return names


def refuse_loose_booleans(filterset: django_filters.FilterSet, params: Any) -> None:
    errors = {
        name: [NOT_A_BOOLEAN]
        for name, filter_ in filterset.filters.items()
        if isinstance(filter_, django_filters.BooleanFilter)
        and any(value not in BOOLEAN_VALUES for value in params.getlist(name))
    }
    if errors:
        raise ValidationError(errors)


def refuse_unknown_parameters(params: Iterable[str], known: set[str]) -> None:
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValidationError({name: [UNKNOWN_PARAMETER] for name in unknown})


def match_ids_without_lookup(filterset: django_filters.FilterSet) -> None:
    """Replace each of ``filterset``'s id filters (a ``ModelChoiceFilter``, what django-filter
    makes of a foreign key named in ``Meta.fields``) by a UUID filter on the same field: the list
    is already limited to what the reader may see, so matching the id is enough."""
    for name, filter_ in list(filterset.filters.items()):
        if type(filter_) is not django_filters.ModelChoiceFilter:
            continue
        replacement = django_filters.UUIDFilter(
            field_name=filter_.field_name,
            lookup_expr=filter_.lookup_expr,
            label=filter_.label,
            distinct=filter_.distinct,
            exclude=filter_.exclude,
        )
        replacement.model = filter_.model
        replacement.parent = filterset
        filterset.filters[name] = replacement


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request: Request, queryset: QuerySet[Model], view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            match_ids_without_lookup(filterset)
        return filterset

    def filter_queryset(self, request: Request, queryset: QuerySet[Model], view: Any) -> QuerySet[Model]:
        # django-filter's own, with the one filterset built once (it built a second one to filter
        # with: a deep copy of every filter on every list request, issue 20's profile).
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None:
            refuse_loose_booleans(filterset, request.query_params)
            if not filterset.is_valid() and self.raise_exception:
                raise translate_validation(filterset.errors)
            queryset = filterset.qs
        return order(queryset, request, view) if ordering_values(view) else queryset


def known_list_parameters(queryset: Any, view: Any) -> set[str]:
    """Every query parameter the list ``view`` reads (asked by the paginator, which every list
    passes through, including those that skip ``filter_queryset``)."""
    known = set(getattr(view, "extra_query_params", ()))
    if ordering_values(view):
        known.add(ORDERING)
    for backend_class in getattr(view, "filter_backends", ()):
        backend = backend_class()
        if isinstance(backend, DjangoFilterBackend):
            filterset_class = backend.get_filterset_class(view, queryset if isinstance(queryset, QuerySet) else None)
            if filterset_class is not None:
                known |= filterset_parameters(filterset_class)
    return known
