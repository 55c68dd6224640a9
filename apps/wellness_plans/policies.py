"""Who reads which sections of a wellness plan (issue 18, item 7).

* the author (the worker): everything, always, and their version history (nobody else ever
  reads a version);
* a person the author named (``PlanReader``): the sections chosen for them, plus the
  "while I'm away" sections while the author has stepped away (their status), and only while
  the reader is an active member of the author's organisation (a reader who has left reads
  nothing) and the author has not left;
* nobody else: not their manager, not an org admin, not a supervisor they did not name. The
  plan has no team, so moving team or a manager leaving changes nothing.
"""

from apps.accounts.models import User
from apps.wellness_plans.models import PlanReader, WellnessPlan
from apps.wellness_plans.sections import Section


def reads(user: User) -> bool:
    """Whether ``user`` may read anything shared with them (an active member, not a leaver)."""
    return bool(user.is_active) and user.status != User.Status.LEFT


def may_be_named(author: User, person: User) -> bool:
    """Whom a worker may name as a reader: anyone else active in their organisation."""
    return person.pk != author.pk and person.organisation_id == author.organisation_id and reads(person)


def sections_for(row: PlanReader, author: User) -> list[str]:
    """The sections ``row.reader`` reads of ``author``'s plan now (plan order)."""
    if author.status == User.Status.LEFT:
        return []
    chosen = set(row.sections or [])
    if author.status == User.Status.STEPPED_AWAY:
        chosen |= set(row.away_sections or [])
    return [s for s in Section.values if s in chosen]


def readable_sections(user: User, plan: WellnessPlan, row: PlanReader | None) -> list[str]:
    """The sections of ``plan`` that ``user`` reads (``row``: their reader row, if any)."""
    if plan.organisation_id != user.organisation_id:
        return []
    if plan.author_id == user.pk:
        return list(Section.values)
    if row is None or row.reader_id != user.pk or row.plan_id != plan.pk or not reads(user):
        return []
    return sections_for(row, plan.author)
