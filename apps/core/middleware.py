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


class UniqueViolationMiddleware:
    """A page whose service lost a race on a unique rule says so (400), never a 500.

    Forms that go through ``run_service`` show the message beside the field; this catches the
    rest. The API has the same rule in its exception handler. Unknown integrity errors are
    bugs and stay 500s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import IntegrityError
        from django.shortcuts import render

        from apps.core.integrity import rule_for

        if not isinstance(exception, IntegrityError) or request.path.startswith("/api/"):
            return None
        rule = rule_for(exception)
        if rule is None:
            return None
        return render(request, "core/unique_violation.html", {"message": rule[1]}, status=400)
