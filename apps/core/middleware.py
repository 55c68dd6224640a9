from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Nothing a signed-in user sees may be kept by a browser or proxy cache.

    Pages and API answers carry reflections, boundary notes and check-ins, so every
    response to an authenticated request (and every API response) is ``no-store``.
    Static files are served by WhiteNoise before this runs and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
