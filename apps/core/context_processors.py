from django.urls import reverse

from apps.core.registry import NAV_GROUPS, NAV_LINKS


def _once(fn):
    """Evaluate ``fn`` at most once, and only if a template asks for it."""
    cache = []

    def wrapper():
        if not cache:
            cache.append(fn())
        return cache[0]

    return wrapper


def navigation(request):
    """The header's links, grouped: only those the signed-in user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {"nav_links": [], "nav_groups": [], "nav_current": None}

    @_once
    def links():
        result = [
            {"label": link.label, "url": reverse(link.url_name), "group": link.group, "current": False}
            for link in NAV_LINKS
            if link.visible(user)
        ]
        # The current section is the longest link the path starts with ("/supervision/queue/"
        # is the review queue, not "My supervision" at "/supervision/").
        path = request.path
        matches = [
            link for link in result if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))
        ]
        if matches:
            max(matches, key=lambda link: len(link["url"]))["current"] = True
        return result

    def groups():
        by_group = {key: [] for key in NAV_GROUPS}
        for link in links():
            by_group[link["group"]].append(link)
        return [{"key": key, "label": NAV_GROUPS[key], "links": by_group[key]} for key in NAV_GROUPS if by_group[key]]

    def current():
        return next((link for link in links() if link["current"]), None)

    # Callables: evaluated only if the template renders the header; the link predicates run
    # once per request however often the template asks. (The unread badge is the
    # notifications app's own context processor.)
    return {"nav_links": links, "nav_groups": groups, "nav_current": current}
