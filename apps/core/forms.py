"""Bridging forms and services: a service's ValidationError lands next to the right field."""

from django.core.exceptions import PermissionDenied, ValidationError


def run_service(form, service, /, **kwargs):
    """Call ``service(**kwargs)``; on a ValidationError attach its messages to ``form``.

    Returns the service's result, or ``None`` when the form now carries errors (the page
    re-renders it with everything the user typed).
    """
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or "You do not have permission to do this.")
    return None
