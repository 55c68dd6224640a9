"""Reading wellness plans. Only the author reads their whole plan and its history; a named
reader reads the sections chosen for them, each read recorded in the audit (the selector
that returns sections for display records it); nobody else reads anything, and another
organisation's plan is a 404 like a plan that does not exist."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.wellness_plans.models import PlanReader, PlanVersion, WellnessPlan
from apps.wellness_plans.policies import readable_sections, reads, sections_for


@dataclass(frozen=True)
class SharedPlan:
    """A plan as one reader may read it: the plan and the sections they read."""

    plan: WellnessPlan
    sections: list[str]


def my_plan(user: User) -> WellnessPlan | None:
    """The user's own plan, if they have written one."""
    return WellnessPlan.objects.filter(author_id=user.pk).first()


def my_readers(plan: WellnessPlan) -> QuerySet[PlanReader]:
    """Whom the author named, by name (the author's own pages)."""
    return plan.plan_readers.select_related("reader").order_by("reader__display_name")


def my_versions(plan: WellnessPlan) -> QuerySet[PlanVersion]:
    return plan.versions.order_by("-number")


def shared_with(user: User) -> list[SharedPlan]:
    """Plans whose authors named ``user`` and let them read at least one section now (names and
    section titles only: no text, so nothing to audit)."""
    if not reads(user):
        return []
    rows = (
        PlanReader.objects.filter(reader_id=user.pk, plan__organisation_id=org_id(user))
        .exclude(plan__author__status=User.Status.LEFT)
        .select_related("plan__author")
        .order_by("plan__author__display_name")
    )
    shared = [SharedPlan(row.plan, sections_for(row, row.plan.author)) for row in rows]
    return [s for s in shared if s.sections]


def read_plan(user: User, plan_id: UUID | str) -> SharedPlan | None:
    """The plan ``plan_id`` as ``user`` may read it, or ``None`` (no such plan, another
    organisation's, or nothing for them: the caller answers 404). A read by anyone but the
    author is recorded (which sections, never their text)."""
    plan = WellnessPlan.objects.filter(pk=plan_id, organisation_id=org_id(user)).select_related("author").first()
    if plan is None:
        return None
    row = None if plan.author_id == user.pk else PlanReader.objects.filter(plan=plan, reader_id=user.pk).first()
    sections = readable_sections(user, plan, row)
    if not sections:
        return None
    if plan.author_id != user.pk:
        audit_record(actor=user, action=AuditEvent.Action.READ, target=plan, detail=",".join(sections))
    return SharedPlan(plan, sections)


def read_shared_plans(user: User, shared: list[SharedPlan]) -> list[SharedPlan]:
    """Plans about to be shown to ``user`` with their text: one read recorded per plan."""
    for item in shared:
        audit_record(actor=user, action=AuditEvent.Action.READ, target=item.plan, detail=",".join(item.sections))
    return shared


def people_to_name(author: User) -> QuerySet[User]:
    """Whom the author may name: everyone else active in their organisation, by name."""
    return (
        User.objects.filter(organisation_id=author.organisation_id, is_active=True)
        .exclude(status=User.Status.LEFT)
        .exclude(pk=author.pk)
        .order_by("display_name")
    )
