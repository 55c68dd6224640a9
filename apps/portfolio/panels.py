"""The "Link as evidence" section on a record's own page (a reflection, a supervision session),
registered as a record panel (``apps.core.registry.register_record_panel``): shown to the worker
the record belongs to, never to anyone else."""

from typing import Any

from django.db.models import Model

from apps.accounts.models import User
from apps.portfolio.evidence import EVIDENCE_KINDS
from apps.portfolio.forms import RecordLinkForm
from apps.portfolio.selectors import competencies_for_linking, links_of_record


def link_as_evidence(user: User, record: Model) -> dict[str, Any] | None:
    kind = EVIDENCE_KINDS.for_model(type(record))
    if kind is None or not user.is_authenticated or not kind.linkable(user).filter(pk=record.pk).exists():
        return None
    form = RecordLinkForm(
        initial={"kind": kind.key, "object_id": record.pk},
        competencies=competencies_for_linking(user),
        auto_id="id_evidence_%s",
    )
    return {"kind": kind, "links": links_of_record(user, kind.key, record.pk), "evidence_form": form}
