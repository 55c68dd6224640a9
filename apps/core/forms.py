"""Bridging forms and services: a service's ValidationError lands next to the right field."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from apps.core.integrity import unique_violation


def run_service(form, service, /, **kwargs):
    """Call ``service(**kwargs)``; on a ValidationError attach its messages to ``form``.

    Returns the service's result, or ``None`` when the form now carries errors (the page
    re-renders it with everything the user typed).
    """
    try:
        try:
            return service(**kwargs)
        except IntegrityError as exc:
            # Lost a race on a unique rule: the same message as the check that came too late.
            error = unique_violation(exc)
            if error is None:
                raise
            raise error from None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or "You do not have permission to do this.")
    return None
