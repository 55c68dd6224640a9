from typing import cast

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from rest_framework.exceptions import ValidationError

from apps.accounts.http import AuthenticatedRequest
from apps.audit.api.views import AuditEventFilter
from apps.audit.models import AuditEvent
from apps.audit.selectors import audit_events_visible_to, readers_of_my_entries
from apps.core.capabilities import caps, require

TARGET_LABELS = {
    "reflections.reflection": "reflection",
    "boundaries.boundarynote": "boundary note",
    "wellbeing.checkin": "wellbeing check-in",
}


def audit_trail(request: AuthenticatedRequest) -> HttpResponse:
    """Org admins: the organisation's audit trail, filterable."""
    require(caps(request.user).is_org_admin, "Only org admins can browse the audit trail.")
    events = AuditEventFilter(
        request.GET, queryset=audit_events_visible_to(request.user).order_by("-at"), request=request
    )
    try:
        page = Paginator(events.qs, 50).get_page(request.GET.get("page"))
    except ValidationError as exc:  # a filter value out of range: show it next to the field
        # BoundedIsoDateTimeFilter raises {parameter: [message]}.
        for field, errors in cast(dict, exc.detail).items():
            events.form.add_error(field if field in events.form.fields else None, errors)
        page = Paginator(AuditEvent.objects.none(), 50).get_page(1)
    return render(
        request, "audit/audit_trail.html", {"page": page, "filter": events, "actions": AuditEvent.Action.choices}
    )


def my_readers(request: AuthenticatedRequest) -> HttpResponse:
    """Anyone: who has read my reflections, boundary notes and check-ins, and when."""
    page = Paginator(readers_of_my_entries(request.user), 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        label = TARGET_LABELS.get(event.target_type, event.target_type)
        # A list page's read names several records, maybe several of this reader's.
        mine = len(event.targets_of(request.user.pk))
        event.target_label = label if mine == 1 else f"{mine} {label}s"
    return render(request, "audit/my_readers.html", {"page": page})
