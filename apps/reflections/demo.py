"""Demo reflections: every visibility, perspective exchanges of each reception, a supervisor's
comment and an acknowledgement, colleagues' replies on the team feed and enough "this helped me"
markers for Pat to see the count (issue 19, item 2). Invented situations; nobody supported is identifiable.

Idempotent: each entry is looked up by (author, title) and only created when missing. Rows
are written directly (not through the services): the supervision agreements that the services
would check are seeded after this app.
"""

from datetime import timedelta

from django.utils import timezone

from apps.core.sharing import default_reader_ids
from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped

V = Reflection.Visibility
P = Reflection.Perspective
R = Reflection.Reception

# author key, title, days ago, framework, sections, perspective, shared, reception, visibility, team key
ENTRIES = [
    (
        # issue 18, item 6: the reflection matching a boundary note's disclosure plan (private).
        "peer",
        "Sharing my hospital story in a first meeting",
        8,
        "sharing_my_experience",
        {
            "purpose": "They were frightened of the ward; I wanted them to see someone who had come through it.",
            "whose_interest": "Theirs, I think, but I also wanted them to like me. Both were true.",
            "what_and_how_much": "That I had been in hospital and what helped. I went further than I planned.",
            "ask_share_ask": "I asked what worried them, shared, but forgot to ask how it landed.",
            "support_after": "I felt shaky afterwards. A break and a talk with my peer supervisor helped.",
            "next_time": "Keep it to one sentence in a first meeting, and ask afterwards.",
        },
        P.LIVED_EXPERIENCE,
        False,
        "",
        V.PRIVATE,
        None,
    ),
    (
        "peer",
        "Naming hope in the morning handover",
        9,
        "gibbs",
        {
            "description": "In handover the team discussed someone's missed appointments as 'non-engagement'.\n"
            "I offered another reading from my own recovery: missing things was a sign of how hard mornings were.",
            "feelings": "Nervous to speak first, then relieved when the manager asked me to say more.",
            "evaluation": "The plan changed to an afternoon visit. Good outcome; I spoke quickly and skipped context.",
            "analysis": "My lived experience added a perspective the notes did not hold.",
            "conclusion": "Speaking up works better when I link my view to the plan being made.",
            "action_plan": "Next handover: bring one sentence on what the person says helps them.",
        },
        P.LIVED_EXPERIENCE,
        True,
        R.WELCOMED,
        V.TEAM,
        "riverside",
    ),
    (
        "peer",
        "When my suggestion was set aside",
        40,
        "driscoll",
        {
            "what": "In a care review I suggested a peer-led group instead of another medication review.",
            "so_what": "It was dismissed as 'not evidence-based'. I felt my role was not understood.",
            "now_what": "Bring the group's outcomes to supervision and ask how to present them to the team.",
        },
        P.PSYCHOSOCIAL,
        True,
        R.DISMISSED,
        V.SUPERVISOR,
        None,
    ),
    (
        "peer",
        "Negotiating a shared safety plan",
        70,
        "kolb",
        {
            "experience": "Worked with a nurse on a safety plan; we disagreed on how much to write in plain words.",
            "reflective_observation": "We both wanted the same thing, framed differently.",
            "abstract_conceptualisation": "Clinical and lived-experience language can meet in the middle.",
            "active_experimentation": "Draft plans together from the start next time.",
        },
        P.LIVED_EXPERIENCE,
        True,
        R.NEGOTIATED,
        V.TEAM,
        "riverside",
    ),
    (
        "peer",
        "Something I have not raised yet",
        20,
        "free",
        {
            "body": "I noticed the team talks about 'compliance' a lot. I want to find a good moment to offer another word."
        },
        P.LIVED_EXPERIENCE,
        False,
        R.NOT_YET,
        V.PRIVATE,
        None,
    ),
    (
        "peer2",
        "What peer work means on a busy day",
        15,
        "nmc",
        {
            "what_happened": "A day with three cancellations and one long conversation that mattered.",
            "what_i_learned": "Being present is the work, even when the diary looks empty.",
            "how_i_changed_my_practice": "I now note the conversations, not just the appointments.",
            "how_it_relates_to_my_values": "Mutuality and hope: showing up as an equal.",
        },
        P.PSYCHOSOCIAL,
        True,
        R.WELCOMED,
        V.TEAM,
        "riverside",
    ),
    (
        "peer2",
        "Biomedical language in team meetings",
        100,
        "driscoll",
        {
            "what": "I used a diagnosis label in a meeting because everyone else did.",
            "so_what": "It did not feel like me. I lost some of what I bring.",
            "now_what": "Talk in supervision about keeping my own language.",
        },
        P.BIOMEDICAL,
        False,
        R.NOT_YET,
        V.PRIVATE,
        None,
    ),
    (
        "peer3",
        "First week on the crisis team",
        25,
        "gibbs",
        {
            "description": "My first week with the crisis team; fast decisions, little time to talk.",
            "feelings": "Out of my depth at times, and also needed.",
            "action_plan": "Ask the manager for ten minutes after each shift to debrief.",
        },
        P.LIVED_EXPERIENCE,
        True,
        R.NEGOTIATED,
        V.TEAM,
        "harbour",
    ),
]

SUPERVISOR_COMMENT = (
    "Thank you for writing this up. Let's bring the group's outcomes to our next session - "
    "your view matters here and I'd like to help you make the case."
)


# Riverside colleagues' replies on Pat's handover entry (invented).
TEAM_REPLIES = [
    ("peer2", "This helped me too: I'll try linking my view to the plan in Thursday's handover."),
    ("clinician", "I was in that handover. Hearing it that way changed how I wrote the plan."),
]
# Every Riverside colleague of Pat (five: VOICE_MIN_GROUP by default) says it helped them.
HELPED_BY = ("manager", "supervisor", "clinician", "peer2", "peer3")


def _seed_team_replies(ctx, entry: Reflection) -> None:
    for key, body in TEAM_REPLIES:
        person = ctx.people[key]
        if not ReflectionComment.objects.filter(reflection=entry, author=person).exists():
            ReflectionComment.objects.create(reflection=entry, author=person, body=body, team=entry.team)
            ctx.note(f"team colleague's reply by {person.username}")
    for key in HELPED_BY:
        _, created = ReflectionHelped.objects.get_or_create(reflection=entry, user=ctx.people[key])
        if created:
            ctx.note('a "this helped me" marker')


def seed(ctx) -> None:
    people, teams = ctx.people, ctx.teams
    now = timezone.now()
    made = {}
    for (
        author_key,
        title,
        days_ago,
        framework,
        sections,
        perspective,
        shared,
        reception,
        visibility,
        team_key,
    ) in ENTRIES:
        author = people[author_key]
        reflection = Reflection.objects.filter(author=author, title=title).first()
        if reflection is None:
            reflection = Reflection.objects.create(
                organisation=ctx.organisation,
                author=author,
                title=title,
                occurred_on=ctx.today - timedelta(days=days_ago),
                framework=framework,
                sections=sections,
                search_text="\n".join([title, *sections.values()]),
                perspective=perspective,
                shared_with_team=shared,
                reception=reception,
                visibility=visibility,
                team=teams[team_key] if team_key else None,
                is_draft=False,
                published_at=now - timedelta(days=days_ago),
            )
            if visibility != Reflection.Visibility.PRIVATE:
                # Shared "with my supervisor" names the peer supervisors, as the service does:
                # demo-manager's line agreement over demo-peer reads none of it.
                reflection.readers.set(default_reader_ids(author))
            ctx.note(f"reflection '{title}' by {author.username} ({visibility})")
        made[title] = reflection

    draft_title = "Draft: notes after a hard visit"
    if not Reflection.objects.filter(author=people["peer"], title=draft_title).exists():
        Reflection.objects.create(
            organisation=ctx.organisation,
            author=people["peer"],
            title=draft_title,
            occurred_on=ctx.today,
            framework="gibbs",
            sections={"description": "Still thinking about how to write this one."},
            search_text=draft_title,
            is_draft=True,
        )
        ctx.note("draft reflection by demo-peer")

    # The supervisor (peer supervision, lived experience) comments on the entry shared with
    # supervisors and acknowledges the team one.
    dismissed = made["When my suggestion was set aside"]
    if not ReflectionComment.objects.filter(reflection=dismissed, author=people["supervisor"]).exists():
        ReflectionComment.objects.create(reflection=dismissed, author=people["supervisor"], body=SUPERVISOR_COMMENT)
        ctx.note("supervisor's comment on a reflection")
    welcomed = made["Naming hope in the morning handover"]
    if welcomed.acknowledged_at is None:
        welcomed.acknowledged_by = people["supervisor"]
        welcomed.acknowledged_at = now
        welcomed.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
        ctx.note("acknowledged reflection")
    _seed_team_replies(ctx, welcomed)
