"""One small organisation with one record of each kind, authored by or about Pat (the author).

Built once per test module (see ``conftest.py``) inside a transaction that is rolled back at
the end; each test runs in a savepoint of it, so a cell that deletes or changes a record
leaves the next cell the same world.

Every piece of sensitive text carries a *secret*: a unique marker, with the set of actors who
may ever read it (spec §2). The matrix checks every answer, whatever the endpoint, against
all of them, so a body that reaches someone through an unexpected door is caught too.
"""

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.services import audit_read
from apps.boundaries.models import BoundaryNote, FollowUp
from apps.community import services as community_services
from apps.competencies import services as competency_services
from apps.competencies.models import Competency, Framework, SignOff
from apps.core.dates import org_today
from apps.credentials import services as credential_services
from apps.drift import services as drift_services
from apps.notifications.services import notify
from apps.portfolio import services as portfolio_services
from apps.portfolio_documents.codes import code_hash
from apps.portfolio_documents.models import PortfolioDocument
from apps.raters import services as rater_services
from apps.roles import services as role_services
from apps.supervision import planning
from apps.supervision import services as supervision_services
from apps.supervision.models import Agreement, PlannedSession
from apps.teams.models import Membership
from apps.voice import group_services as voice_group_services
from apps.voice import loop_services as voice_loop_services
from apps.voice import services as voice_services
from apps.voice.models import Pulse, PulseAnswer
from apps.wellbeing.models import SupportContact
from apps.wellness_plans import services as wellness_services
from apps.workers import services as worker_services
from tests.boundaries.factories import BoundaryNoteFactory
from tests.competencies.conftest import load_shipped
from tests.competencies.factories import AssessmentFactory, TrainingRecordFactory
from tests.factories import AgreementFactory, MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.fidelity.conftest import make_check as make_fidelity_check
from tests.imports.helpers import checked_import
from tests.reflections.factories import CommentFactory, ReflectionFactory
from tests.roles.factories import AssignmentFactory, RoleDefinitionFactory
from tests.wellbeing.factories import CheckInFactory

ACTORS = [
    "anonymous",
    "author",
    "peer2",
    "supervisor",
    "lone_supervisor",
    "proposed_supervisor",
    "declined_supervisor",
    "ended_supervisor",
    "manager",
    "other_manager",
    "admin",
    "outsider",
]

# Riverside supervisors whose agreement over Pat is not in force (issue 13): proposed (they
# accepted, Pat has not — and backdated 400 days), declined by Pat, ended by Pat. In the matrix
# they expect what ``lone_supervisor`` expects unless a row says otherwise.
CONSENT_ACTORS = ("proposed_supervisor", "declined_supervisor", "ended_supervisor")

# Who is in Riverside (the author's team) today, and so reads its `team` reflections.
RIVERSIDE = {"author", "peer2", "supervisor", "lone_supervisor", *CONSENT_ACTORS, "manager"}
AUTHOR_AND_SUPERVISOR = {"author", "supervisor"}
# The peer workers of Northfield (every Riverside member but Morgan, the manager: supervisors
# are peer workers too). Lee has left; Oakley and Ada are not peer workers.
PEERS_OF_NORTHFIELD = {"author", "peer2", "supervisor", "lone_supervisor", *CONSENT_ACTORS}

# marker -> who may read it. Markers are distinct words: none is part of another.
SECRETS = {
    "QXreflprivate": {"author"},
    "QXrefldraft": {"author"},
    "QXreflsupbody": AUTHOR_AND_SUPERVISOR,
    "QXreflsuptitle": AUTHOR_AND_SUPERVISOR,
    "QXreflteambody": RIVERSIDE | {"admin"},
    "QXcommentbody": AUTHOR_AND_SUPERVISOR,
    # A colleague's reply on the team entry (issue 19, item 2): whoever reads the entry reads it.
    "QXteamreply": RIVERSIDE | {"admin"},
    # A reply written (by Harbour's manager) while the entry was shared with Harbour: it stays with
    # Harbour, so on the entry only the author sees it now; its writer has it in their export.
    "QXstalereply": {"author", "other_manager"},
    "QXnotesituation": AUTHOR_AND_SUPERVISOR,
    "QXnoteshared": AUTHOR_AND_SUPERVISOR,
    "QXnotereasoning": AUTHOR_AND_SUPERVISOR,
    "QXnoteresponse": AUTHOR_AND_SUPERVISOR,
    "QXfollowup": AUTHOR_AND_SUPERVISOR,
    "QXcheckinprivate": {"author"},
    "QXcheckinshared": AUTHOR_AND_SUPERVISOR,
    # Credential hours (issue 17): the practice log's note is the worker's alone.
    "QXpracticenote": {"author"},
    "QXfidelityprivate": {"author"},
    "QXfidelityshared": AUTHOR_AND_SUPERVISOR,
    "QXsessiontopics": AUTHOR_AND_SUPERVISOR,
    "QXsessionactions": AUTHOR_AND_SUPERVISOR,
    "QXsignoffcomment": AUTHOR_AND_SUPERVISOR,
    # What the organisation provides (issue 18): Riverside's record, for Riverside and org admins.
    "QXorgstatusnote": RIVERSIDE | {"admin"},
    "QXcertificatename": AUTHOR_AND_SUPERVISOR,
    "QXfeedbackbody": set(),  # anonymous, and never released alone
    # "You said, we did" (issue 19, item 5): the team's managers write it for the whole team.
    "QXvoiceheard": RIVERSIDE | {"admin"},
    "QXvoiceplanned": RIVERSIDE | {"admin"},
    # The wellness plan (issue 18, item 7): what helps is shared with Sam; the rest only Pat
    # reads ("while I step away" is shared with Robin, but only while Pat has stepped away).
    "QXplankeeps": {"author"},
    "QXplanhelps": AUTHOR_AND_SUPERVISOR,
    "QXplanaway": {"author"},
    "QXplanadjust": {"author"},
    "QXratercomment": {"author"},  # an external rater's answer, not (yet) accepted as evidence
    # The peer community (issue 19, item 1): every peer worker of Northfield, nobody else (not
    # Morgan, Oakley or Ada, who are not peer workers; not Otto, of another organisation).
    "QXcommunitytitle": PEERS_OF_NORTHFIELD,
    "QXcommunitybody": PEERS_OF_NORTHFIELD,
    "QXcommunityreply": PEERS_OF_NORTHFIELD,
    # Hidden by Sam (a peer lead): its author and the peer leads only.
    "QXcommunityhidden": {"author", "supervisor"},
    # A peer worker's comment on a draft role (issue 18, item 3): theirs and the team's managers'.
    "QXrolecomment": {"author", "manager", "admin"},
}


PORTFOLIO_CODE = "ABCD-EFGH-JKMN"  # the verification code of the author's portfolio PDF


@dataclass
class World:
    actors: dict
    ids: dict
    today: object
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    counter: int = 0

    def next(self) -> int:
        self.counter += 1
        return self.counter


def _member(team, role, **kwargs):
    user = UserFactory(organisation=team.organisation, **kwargs)
    MembershipFactory(
        team=team, worker=user, team_role=role, joined_on=org_today(team.organisation) - timedelta(days=365)
    )
    return user


def _rater_invitations(author, competencies) -> dict:
    """Pat's answered invitation to an external rater (its comment: Pat's eyes only) and an open one
    (its token in the ids: the rater's link)."""
    asked = {"rater_name": "Jo Rater", "relationship": "trainer", "competencies": competencies}
    done, done_token = rater_services.invitation_create(actor=author, rater_email="jo.rater@example.org", **asked)
    rater_services.feedback_submit(
        invitation=done, answers={str(c.pk): {"observed": "often", "comment": "QXratercomment"} for c in competencies}
    )
    still_open, token = rater_services.invitation_create(actor=author, rater_email="kit.rater@example.org", **asked)
    return {"rater_done": done.pk, "rater_open": still_open.pk, "rater_token": token, "rater_used_token": done_token}


def build_world() -> World:
    """Create the organisations, people and records (≈ 150 queries, once per module)."""
    org = OrganisationFactory(name="Northfield", time_zone="Europe/London")
    other_org = OrganisationFactory(name="Southbank", time_zone="Europe/London")
    today = org_today(org)
    riverside = TeamFactory(organisation=org, name="Riverside")
    harbour = TeamFactory(organisation=org, name="Harbour", setting="crisis")
    outsider_team = TeamFactory(organisation=other_org, name="Southbank Team")
    role = Membership.TeamRole

    manager = _member(
        riverside, role.MANAGER, username="morgan", display_name="Morgan Manager", worker_kind=User.WorkerKind.CLINICAL
    )
    supervisor = _member(riverside, role.SUPERVISOR, username="sam", display_name="Sam Supervisor")
    lone = _member(riverside, role.SUPERVISOR, username="lou", display_name="Lou Lone")
    author = _member(riverside, role.MEMBER, username="pat", display_name="Pat Peer")
    peer2 = _member(riverside, role.MEMBER, username="robin", display_name="Robin Peer")
    # A fifth voice, so that Riverside can hold a pulse (VOICE_MIN_GROUP people who may answer).
    _member(
        riverside, role.MEMBER, username="casey", display_name="Casey Clinician", worker_kind=User.WorkerKind.CLINICAL
    )
    proposed_sup = _member(riverside, role.SUPERVISOR, username="pia", display_name="Pia Proposed")
    declined_sup = _member(riverside, role.SUPERVISOR, username="dee", display_name="Dee Declined")
    ended_sup = _member(riverside, role.SUPERVISOR, username="eve", display_name="Eve Ended")
    spare = UserFactory(organisation=org, username="spare", display_name="Spare Person")
    other_manager = _member(
        harbour,
        role.MANAGER,
        username="oakley",
        display_name="Oakley OtherManager",
        worker_kind=User.WorkerKind.CLINICAL,
    )
    admin = UserFactory(
        organisation=org, username="ada", display_name="Ada Admin", is_org_admin=True, worker_kind=User.WorkerKind.OTHER
    )
    outsider = _member(outsider_team, role.MANAGER, username="otto", display_name="Otto Outsider", is_org_admin=True)
    leaver = _member(harbour, role.MEMBER, username="lee", display_name="Lee Leaver")
    worker_services.worker_mark_left(actor=admin, worker=leaver)

    agreement = AgreementFactory(
        supervisee=author,
        supervisor=supervisor,
        kind=Agreement.Kind.PEER,
        frequency_days=28,
        starts_on=today - timedelta(days=60),
    )

    # Agreements over Pat that are not in force, each through the services' own transitions.
    proposal = supervision_services.agreement_create(
        actor=manager,
        supervisee=author,
        supervisor=proposed_sup,
        kind=Agreement.Kind.CLINICAL,
        frequency_days=28,
        starts_on=today - timedelta(days=400),
    )
    supervision_services.agreement_accept(actor=proposed_sup, agreement=proposal)
    declined = supervision_services.agreement_create(
        actor=manager, supervisee=author, supervisor=declined_sup, kind=Agreement.Kind.CLINICAL, frequency_days=28
    )
    supervision_services.agreement_accept(actor=declined_sup, agreement=declined)
    supervision_services.agreement_decline(actor=author, agreement=declined)
    ended = supervision_services.agreement_create(
        actor=manager, supervisee=author, supervisor=ended_sup, kind=Agreement.Kind.CLINICAL, frequency_days=28
    )
    for party in (ended_sup, author):
        supervision_services.agreement_accept(actor=party, agreement=ended)
    supervision_services.agreement_end(actor=author, agreement=ended)

    # Reflections: one per visibility, a draft, and a supervisor's comment.
    def reflection(marker, title="A reflection", **kwargs):
        return ReflectionFactory(
            author=author, title=title, framework="free", sections={"body": f"I noticed {marker}."}, **kwargs
        )

    r_private = reflection("QXreflprivate")
    r_draft = reflection("QXrefldraft", is_draft=True, visibility="team", team=riverside)
    r_sup = reflection("QXreflsupbody", title="About QXreflsuptitle", visibility="supervisor")
    r_team = reflection("QXreflteambody", visibility="team", team=riverside)
    comment = CommentFactory(reflection=r_sup, author=supervisor, body="Seen: QXcommentbody")
    CommentFactory(reflection=r_team, author=peer2, team=riverside, body="Thanks: QXteamreply")
    CommentFactory(reflection=r_team, author=other_manager, team=harbour, body="Earlier: QXstalereply")

    # Boundary notes: one awaiting review, one reviewed (with a follow-up).
    note_text = {
        "situation": "QXnotesituation happened",
        "what_i_shared": "QXnoteshared",
        "reasoning": "QXnotereasoning",
    }
    n_sub = BoundaryNoteFactory(author=author, **note_text)
    n_rev = BoundaryNoteFactory(
        author=author,
        status=BoundaryNote.Status.REVIEWED,
        reviewer=supervisor,
        reviewed_at=timezone.now(),
        response="QXnoteresponse",
        **note_text,
    )
    FollowUp.objects.create(organisation=org, note=n_rev, author=author, body="Later: QXfollowup")

    # Check-ins: one private, one shared with the supervisor.
    ci_private = CheckInFactory(organisation=org, author=author, mood=2, note="QXcheckinprivate")
    ci_shared = CheckInFactory(
        organisation=org, author=author, mood=4, note="QXcheckinshared", share_with_supervisor=True
    )

    # Pat's wellness plan: "what helps" shared with Sam always; "while I step away" with Robin
    # only while Pat is away (not now); nobody else reads any of it.
    wellness_plan = wellness_services.plan_save(
        actor=author,
        keeps_well="QXplankeeps",
        what_helps="QXplanhelps",
        stepping_away="QXplanaway",
        adjustments=[{"what": "QXplanadjust", "agreed_with": "Morgan", "agreed_on": today.isoformat()}],
    )
    wellness_services.plan_reader_set(actor=author, reader=supervisor, sections=["what_helps"])
    wellness_services.plan_reader_set(actor=author, reader=peer2, away_sections=["stepping_away"])
    # Peer practice (fidelity) checks (issue 18): one private, one shared with the supervisor.
    fc_private = make_fidelity_check(author, note="QXfidelityprivate")
    fc_shared = make_fidelity_check(author, note="QXfidelityshared", shared=True, readers=[supervisor])

    # An org setting every member reads; org admins change it (issue 15, item 5).
    support_contact = SupportContact.objects.create(
        organisation=org, kind="employee_assistance", name="Northfield EAP", how_to_reach="Call 0800 000 000"
    )

    session = supervision_services.session_record(
        actor=supervisor,
        agreements=[agreement],
        held_on=today - timedelta(days=7),
        duration_minutes=60,
        functions=["formative"],
        topics="QXsessiontopics",
        agreed_actions="QXsessionactions",
    )

    # Planned supervision (issue 16): one ahead, one that has happened (to mark held).
    planned, planned_past = (
        planning.planned_session_create(
            actor=supervisor,
            agreements=[agreement],
            date=today + timedelta(days=n),
            time=time(10, 0),
            duration_minutes=60,
            location="Room 1",
        )
        for n in (7, 8)
    )
    PlannedSession.objects.filter(pk=planned_past.pk).update(starts_at=timezone.now() - timedelta(hours=2))

    # Roles: a published peer role the author holds, and a draft.
    rd = RoleDefinitionFactory(team=riverside, title="Peer support worker")
    rd_draft = RoleDefinitionFactory(team=riverside, title="Senior peer (draft)", status="draft")
    assignment = AssignmentFactory(role_definition=rd, worker=author)
    # Co-production (issue 18, item 3): a draft Pat and Robin were asked about, and Pat's proposal.
    rd_consult = RoleDefinitionFactory(team=riverside, title="Peer navigator (consulting)", status="draft")
    role_services.consultation_ask(actor=manager, definition=rd_consult, workers=[author, peer2])
    rd_comment = role_services.definition_comment_add(
        actor=author, definition=rd_consult, body="QXrolecomment", proposes="lived_experience"
    )
    # Role drift (issue 18, item 2): today's snapshots of everyone holding a role (Pat's own figures).
    drift_services.snapshots_take({org.time_zone: today})

    # Competencies: a self-assessment citing the supervisor-visible reflection, a sign-off
    # asking for more, and a training record with a certificate.
    framework = (
        Framework.objects.filter(organisation__isnull=True, slug="pspteam-peer-practice").first() or load_shipped()
    )
    # Practice items: own-wellbeing ones (BS3) are never signed off nor read by anyone else (issue 18).
    competencies = list(Competency.objects.filter(framework=framework, kind="practice").order_by("code")[:3])
    assessment = AssessmentFactory(worker=author, competency=competencies[0])
    assessment.evidence.add(r_sup)
    competency_services.assessment_sign_off(
        actor=supervisor, assessment=assessment, decision=SignOff.Decision.MORE_EVIDENCE, comment="QXsignoffcomment"
    )
    open_assessment = AssessmentFactory(worker=author, competency=competencies[2])
    # Issue 18: Pat's own-wellbeing self-assessment (Pat's alone), and what the organisation
    # provides, recorded for Riverside by its manager (every Riverside member reads it).
    wellbeing_assessment = AssessmentFactory(
        worker=author, competency=Competency.objects.get(framework=framework, code="BS3")
    )
    org_status = competency_services.organisational_status_record(
        actor=manager,
        team=riverside,
        competency=Competency.objects.get(framework=framework, code="OR1"),
        status="partly",
        note="QXorgstatusnote",
    )
    # Portfolio (issue 17): the author links the private and the supervisor-visible reflection
    # and the session as evidence; nobody else reads the private one through the map.
    evidence_link = portfolio_services.evidence_link(
        actor=author, competency=competencies[0], kind="reflection", object_id=r_private.pk
    )
    for kind, record in (("reflection", r_sup), ("supervision_session", session)):
        portfolio_services.evidence_link(actor=author, competency=competencies[0], kind=kind, object_id=record.pk)
    training = TrainingRecordFactory(
        worker=author,
        course="Intentional peer support",
        certificate_name="QXcertificatename.pdf",
        certificate_content_type="application/pdf",
    )
    training.certificate.save("certificate.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    # Credential hours: one practice log entry and a tracked profile.
    practice_entry = credential_services.practice_entry_create(
        actor=author,
        worked_on=today - timedelta(days=2),
        hours=Decimal("2"),
        category="group_work",
        note="QXpracticenote",
    )
    credential_services.profiles_choose(actor=author, profiles=["icrc-peer-recovery"])

    # Voice: an open pulse in Riverside, and one piece of anonymous feedback.
    pulse = voice_services.pulse_open(actor=manager, team=riverside, closes_on=today + timedelta(days=7))
    voice_services.feedback_submit(actor=author, team=riverside, body="QXfeedbackbody")
    # ... an earlier pulse, released (five answers), and the manager's "you said, we did" on it.
    released_pulse = Pulse.objects.create(
        organisation=org,
        team=riverside,
        opened_by=manager,
        opened_on=today - timedelta(days=40),
        closes_on=today - timedelta(days=30),
    )
    PulseAnswer.objects.bulk_create(PulseAnswer(pulse=released_pulse, q1=4, q2=3, q3=4, q4=2, q5=5) for _ in range(5))
    voice_action = voice_loop_services.action_record(
        actor=manager,
        team=riverside,
        pulse=released_pulse,
        heard="QXvoiceheard",
        planned="QXvoiceplanned",
        owner_role="Team manager",
        follow_up_on=today + timedelta(days=14),
    )
    # A pooled peer-voice pulse over Riverside (issue 19): its seven peer workers are asked.
    group_pulse = voice_group_services.group_pulse_open(
        actor=admin, kind="pooled", teams=[riverside], closes_on=today + timedelta(days=7)
    )

    # The peer community: Pat's thread, Robin's reply, and a post of Pat's Sam hid as peer lead.
    cm_thread = community_services.thread_start(actor=author, title="About QXcommunitytitle", body="QXcommunitybody")
    cm_post = cm_thread.posts.get()
    cm_reply = community_services.post_reply(actor=peer2, thread=cm_thread, body="QXcommunityreply")
    cm_hidden = community_services.post_reply(actor=author, thread=cm_thread, body="QXcommunityhidden")
    cm_moderator = community_services.moderator_grant(actor=admin, worker=supervisor)
    community_services.post_hide(actor=supervisor, post=cm_hidden, reason="Names a person")
    notification = notify(recipient=author, kind="test", message="Something happened", link="/")
    read_event = audit_read(actor=supervisor, target=r_sup)
    import_run = checked_import(admin)
    # A portfolio PDF of the author's, with a known verification code (the walk opens its page).
    portfolio_document = PortfolioDocument.objects.create(
        organisation=org,
        worker=author,
        starts_on=today - timedelta(days=30),
        ends_on=today,
        sections=["profile"],
        status=PortfolioDocument.Status.READY,
        code_hash=code_hash(PORTFOLIO_CODE.replace("-", "")),
        code_hint=PORTFOLIO_CODE[-4:],
        facts={"worker": "Pat Peer", "organisation": "Northfield", "sections": ["About me"]},
    )
    portfolio_document.file.save("portfolio.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    actors = {
        "anonymous": None,
        "author": author,
        "peer2": peer2,
        "supervisor": supervisor,
        "lone_supervisor": lone,
        "proposed_supervisor": proposed_sup,
        "declined_supervisor": declined_sup,
        "ended_supervisor": ended_sup,
        "manager": manager,
        "other_manager": other_manager,
        "admin": admin,
        "outsider": outsider,
    }
    ids = {
        "author": author.pk,
        "peer2": peer2.pk,
        "supervisor": supervisor.pk,
        "lone_supervisor": lone.pk,
        "spare": spare.pk,
        "leaver": leaver.pk,
        "outsider": outsider.pk,
        "team": riverside.pk,
        "harbour": harbour.pk,
        "outsider_team": outsider_team.pk,
        "membership": Membership.objects.get(team=riverside, worker=peer2).pk,
        "notification": notification.pk,
        "r_private": r_private.pk,
        "r_draft": r_draft.pk,
        "r_sup": r_sup.pk,
        "r_team": r_team.pk,
        "comment": comment.pk,
        "n_sub": n_sub.pk,
        "n_rev": n_rev.pk,
        "ci_private": ci_private.pk,
        "ci_shared": ci_shared.pk,
        "fc_private": fc_private.pk,
        "fc_shared": fc_shared.pk,
        "support_contact": support_contact.pk,
        "wellness_plan": wellness_plan.pk,
        "wellness_plan_version": wellness_plan.version,  # a number, not an id (history/<number>/)
        "agreement": agreement.pk,
        "proposal": proposal.pk,
        "session": session.pk,
        "planned": planned.pk,
        "planned_past": planned_past.pk,
        "rd": rd.pk,
        "rd_draft": rd_draft.pk,
        "assignment": assignment.pk,
        "rd_consult": rd_consult.pk,
        "rd_comment": rd_comment.pk,
        "framework": framework.pk,
        "competency": competencies[0].pk,
        "competency2": competencies[1].pk,
        "assessment": assessment.pk,
        "open_assessment": open_assessment.pk,
        "wellbeing_assessment": wellbeing_assessment.pk,
        "org_status": org_status.pk,
        "org_competency": org_status.competency_id,
        "training": training.pk,
        "practice_entry": practice_entry.pk,
        "evidence_link": evidence_link.pk,
        "pulse": pulse.pk,
        "released_pulse": released_pulse.pk,
        "voice_action": voice_action.pk,
        "group_pulse": group_pulse.pk,
        "audit_event": read_event.pk,
        "import_run": import_run.pk,
        "portfolio_document": portfolio_document.pk,
        "cm_thread": cm_thread.pk,
        "cm_post": cm_post.pk,
        "cm_reply": cm_reply.pk,
        "cm_hidden": cm_hidden.pk,
        "cm_moderator": cm_moderator.pk,
        **_rater_invitations(author, competencies[:2]),
    }
    return World(
        actors=actors,
        ids={k: str(v) for k, v in ids.items()},
        today=today,
        users={"spare": spare, "leaver": leaver, "harbour_manager": other_manager},
        objects=SimpleNamespace(
            org=org,
            riverside=riverside,
            harbour=harbour,
            rd=rd,
            r_sup=r_sup,
            n_sub=n_sub,
            n_rev=n_rev,
            agreement=agreement,
            session=session,
            assessment=assessment,
            training=training,
            pulse=pulse,
        ),
    )
