"""The supervision app answers the access rules' questions about agreements in force
(:class:`apps.core.answers.SupervisionQuestions`); registered in ``SupervisionConfig.ready``.

"In force today" is ``Agreement.objects.active(today)``: agreed to by both people, started,
not ended (issue 13: consent, not dates, grants access)."""

from datetime import date
from uuid import UUID

from apps.core.answers import Supervisor
from apps.supervision.models import Agreement


def _ids(today: date, column: str, **where: object) -> set[UUID]:
    """One column of the agreements in force ``today`` matching ``where``, as a set (one query)."""
    return set(Agreement.objects.active(today).filter(**where).order_by().values_list(column, flat=True))


class AgreementAnswers:
    def supervisee_ids(self, user_id: UUID, today: date) -> set[UUID]:
        return _ids(today, "supervisee_id", supervisor_id=user_id)

    def supervisor_ids(self, user_id: UUID, today: date) -> set[UUID]:
        return _ids(today, "supervisor_id", supervisee_id=user_id)

    def peer_supervisor_ids(self, user_id: UUID, today: date) -> set[UUID]:
        return _ids(today, "supervisor_id", supervisee_id=user_id, kind=Agreement.Kind.PEER)

    def peer_supervisors_of(self, user_ids: set[UUID], today: date) -> dict[UUID, set[UUID]]:
        found: dict[UUID, set[UUID]] = {}
        if not user_ids:
            return found
        rows = (
            Agreement.objects.active(today)
            .filter(supervisee_id__in=user_ids, kind=Agreement.Kind.PEER)
            .order_by()
            .values_list("supervisee_id", "supervisor_id")
        )
        for supervisee_id, supervisor_id in rows:
            found.setdefault(supervisee_id, set()).add(supervisor_id)
        return found

    def supervisors(self, user_id: UUID, today: date) -> list[Supervisor]:
        rows = (
            Agreement.objects.active(today)
            .filter(supervisee_id=user_id)
            .order_by("supervisor__display_name", "kind")
            .values_list("supervisor_id", "supervisor__display_name", "kind", "pk")
        )
        return [
            Supervisor(
                supervisor_id=supervisor_id,
                display_name=name,
                is_peer=kind == Agreement.Kind.PEER,
                kind_label=str(Agreement.Kind(kind).label),
                agreement_id=agreement_id,
            )
            for supervisor_id, name, kind, agreement_id in rows
        ]
