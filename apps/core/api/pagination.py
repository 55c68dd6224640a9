from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-number pagination; a page that does not exist is bad input (400 naming ``page``),
    not a missing resource."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        if not page_size:
            return None
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

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "results"]
        return response


class LateRowPaginator(DjangoPaginator):
    """Sorts and slices primary keys only, then reads the page's full rows by key — still one
    query: ``WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)``.

    For wide rows (reflections carry their text) the plain slice sorts every visible row with
    its text to keep 25, and the cost grows with the offset. With an index that covers the
    filter and the order, the inner query is an index-only scan and only the page's own rows
    are read from the table (bench/README.md: page 200 of an org admin's reflections).
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class LateRowPagination(StandardPagination):
    """``StandardPagination`` with :class:`LateRowPaginator`, for lists of wide rows."""

    django_paginator_class = LateRowPaginator
