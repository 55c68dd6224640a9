from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from apps.core.api.filters import ORDERING, known_list_parameters, ordering_values, refuse_unknown_parameters
from apps.core.keyset import keyset_page

MAX_PAGE = 999_999_999  # a bound, so that a page number is always a small integer
PAGE_NOT_READ = "This list pages by cursor, not by number: follow `next` (or send its `next_cursor` as `cursor`)."
TIE_BREAKER_KEY = "id"


class StandardPagination(PageNumberPagination):
    """Page-number pagination with its bounds enforced and documented (docs/api.md):

    * ``page`` a whole number from 1; a page past the last is bad input (400 naming ``page``),
      not a missing resource;
    * ``page_size`` a whole number from 1 to ``max_page_size``: anything else is a 400 naming
      it, never silently replaced or cut (a client asking for 500 would miss rows otherwise);
    * a query parameter the list does not read is a 400 naming it (apps/core/api/filters.py).
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        known = {self.page_query_param, self.page_size_query_param} | known_list_parameters(queryset, view)
        refuse_unknown_parameters(request.query_params, known)
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise ValidationError({self.page_query_param: [f"There is no page {page_number}."]}) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return list(self.page)

    def get_page_size(self, request):
        return _whole_number(request, self.page_size_query_param, self.page_size, maximum=self.max_page_size)

    def get_page_number(self, request, paginator):
        return _whole_number(request, self.page_query_param, 1, maximum=MAX_PAGE)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = (
                    f"Number of results per page: 1 to {self.max_page_size} (default {self.page_size})."
                )
        return parameters


def _whole_number(request, name: str, default: int, *, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    # The length check first: int() of a long enough string of digits is slow, then an error.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(maximum)) and 1 <= int(raw) <= maximum):
        raise ValidationError({name: [f"Must be a whole number from 1 to {maximum}."]})
    return int(raw)


class KeysetPagination(BasePagination):
    """Cursor pagination over ``(created_at, id)`` (:mod:`apps.core.keyset`): one query per page
    at any depth. ``cursor`` is the previous page's ``next_cursor``; ``page_size`` as for
    :class:`StandardPagination`. The view says the order with ``keyset_newest_first``."""

    page_size = 25
    max_page_size = 100
    newest_first = True

    def paginate_queryset(self, queryset, request, view=None):
        if "page" in request.query_params:  # a client of the numbered pages these lists once had
            raise ValidationError({"page": [PAGE_NOT_READ]})
        known = {"cursor", "page_size"} | known_list_parameters(queryset, view)
        refuse_unknown_parameters(request.query_params, known)
        size = _whole_number(request, "page_size", self.page_size, maximum=self.max_page_size)
        try:
            self.page = keyset_page(
                queryset,
                cursor=request.query_params.get("cursor") or None,
                size=size,
                newest_first=getattr(view, "keyset_newest_first", self.newest_first),
                keys=self.keys(request, view),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        self.request = request
        return self.page.items

    @staticmethod
    def keys(request, view) -> tuple[str, ...] | None:
        """The view's ``keyset_keys`` (its default order, as its index has it), or the field
        ``?ordering=`` asks for (already checked by the filter backend) then ``id``; ``None``:
        ``(created_at, id)``."""
        keys = getattr(view, "keyset_keys", None)
        ordering = request.query_params.get(ORDERING)
        if keys is not None and ordering and ordering in ordering_values(view):
            return (ordering, TIE_BREAKER_KEY)
        return keys

    def next_link(self) -> str | None:
        if self.page.next_cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "cursor", self.page.next_cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.next_link(), "next_cursor": self.page.next_cursor, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "next_cursor", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "next_cursor": {"type": "string", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "The previous page's next_cursor.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Number of results per page: 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class OldestFirstKeysetPagination(KeysetPagination):
    """:class:`KeysetPagination` read from the oldest row on (a thread of replies reads down)."""

    newest_first = False
