"""Bridging forms and services: a service's ValidationError lands next to the right field."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from apps.core.integrity import unique_violation
from apps.core.sharing import current_supervisors, supervisor_choices


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


def add_readers_field(form, author, *, initial=None, label="Which supervisors read it") -> None:
    """Give ``form`` a ``readers`` field: checkboxes of the author's current supervisors
    (each with the kind of supervision), ticked as ``initial`` or, for a new entry, the peer
    supervisors. No supervisors, no field (the services then name nobody)."""
    labels, peers = supervisor_choices(author)
    if not labels:
        return
    field = forms.ModelMultipleChoiceField(
        queryset=current_supervisors(author).order_by("display_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text="Only the people you tick read it, and only while they supervise you. "
        "Peer supervisors are ticked for you; a line manager reads it only if you tick them.",
    )
    field.label_from_instance = lambda user: labels.get(user.pk, user.display_name)
    form.fields["readers"] = field
    if not form.is_bound:
        chosen = peers if initial is None else set(initial)
        form.initial["readers"] = [pk for pk in labels if pk in chosen]
