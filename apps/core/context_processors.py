from collections.abc import Callable
from typing import Any, TypedDict, TypeVar

from django.http import HttpRequest
from django.urls import reverse

from apps.core.registry import NAV_LINKS, NavGroup

T = TypeVar("T")


class _Link(TypedDict):
    label: str
    url: str
    group: NavGroup
    current: bool


def _once(fn: Callable[[], T]) -> Callable[[], T]:
    """Evaluate ``fn`` at most once, and only if a template asks for it."""
    cache: list[T] = []

    def wrapper() -> T:
        if not cache:
            cache.append(fn())
        return cache[0]

    return wrapper


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The header's links, grouped: only those the signed-in user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {"nav_links": [], "nav_groups": [], "nav_current": None}

    @_once
    def links() -> list[_Link]:
        result: list[_Link] = [
            {"label": link.label, "url": reverse(link.url_name), "group": link.group, "current": False}
            for link in NAV_LINKS
            if link.visible(user)
        ]
        # The current section is the longest link the path starts with ("/supervision/queue/"
        # is "Supervising", not "My supervision" at "/supervision/").
        path = request.path
        matches = [
            link for link in result if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))
        ]
        if matches:
            max(matches, key=lambda link: len(link["url"]))["current"] = True
        return result

    def groups() -> list[dict[str, Any]]:
        by_group: dict[NavGroup, list[_Link]] = {group: [] for group in NavGroup}
        for link in links():
            by_group[link["group"]].append(link)
        return [
            {"key": group.value, "label": group.label, "links": by_group[group]}
            for group in NavGroup
            if by_group[group]
        ]

    def current() -> _Link | None:
        return next((link for link in links() if link["current"]), None)

    # Callables: evaluated only if the template renders the header; the link predicates run
    # once per request however often the template asks. (The unread badge is the
    # notifications app's own context processor.)
    return {"nav_links": links, "nav_groups": groups, "nav_current": current}
