from django.urls import reverse

from apps.core.registry import NAV_LINKS


def navigation(request):
    """The header's links: only those the signed-in user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {"nav_links": [], "unread_notifications": 0}

    def links():
        path = request.path
        result = []
        for link in NAV_LINKS:
            if link.visible(user):
                url = reverse(link.url_name)
                current = path == url if url == "/" else path.startswith(url)
                result.append({"label": link.label, "url": url, "current": current})
        return result

    def unread():
        from apps.notifications.selectors import unread_count

        return unread_count(user)

    # Callables: evaluated only if the template renders the header (one query each).
    return {"nav_links": links, "unread_notifications": unread}
