"""Every page of the app, in Chromium: no serious or critical axe-core violation, no horizontal
scrolling at 375 px wide, every ``aria-describedby`` / ``aria-labelledby`` / ``<label for>``
pointing at an id that is there, and the keyboard reaches everything.

axe does not catch a description that points nowhere: the help text of every form field was
never read out because inputs pointed at ``id_X_helptext`` while the template gave the paragraph
``id_X_help`` (issue 15, item 4). That check rides on the same walk (one walk, two checks).

The walk is generated from the URL configuration, not from a hand-kept list: every pattern
outside the API and Django's admin is visited with the demo data (``seed_demo``), its ids
filled in from the demo's records, as the first demo persona who may open it (preferring the
persona the page is for). A pattern that is not a page — a POST-only action, a download — is
reported as such; a pattern whose id the walk cannot fill in fails the test, so a new page is
never left unscanned. Screenshots of the main pages at desktop and phone width are written to
``artifacts/screenshots/``.
"""

import re
from datetime import time, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.core.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot
from tests.imports.helpers import checked_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
NOT_APP_PAGES = ("api/", "django-admin/", "healthz", "readyz")

# Who tries a page first; the rest follow in this order until one may open it.
PERSONAS = ["manager", "peer", "supervisor", "admin", "clinician", "peer2", "peer3", "crisis_manager"]
PREFERRED = {
    "core:my-day": "peer",
    "reflections:reflection-list": "peer",
    "reflections:reflection-new": "peer",
    "reflections:exchanges": "peer",
    "reflections:reflection-detail": "peer",
    "boundaries:note-list": "peer",
    "boundaries:note-new": "peer",
    "boundaries:note-detail": "peer",
    "boundaries:note-review": "supervisor",
    "supervision:my-supervision": "peer",
    "supervision:queue": "supervisor",
    "supervision:session-new": "supervisor",
    "wellbeing:home": "peer",
    "fidelity:home": "peer",
    "fidelity:new": "peer",
    "fidelity:check-detail": "peer",
    "fidelity:shared-with-me": "supervisor",
    "fidelity:organisation": "admin",
    "drift:mine": "peer",
    "wellbeing:check-in-support": "peer",
    "wellbeing:support": "peer",
    "competencies:my-progress": "peer",
    "competencies:sign-off-queue": "supervisor",
    "competencies:sign-off": "supervisor",
    "competencies:assessor": "peer",
    "competencies:organisation": "admin",
    "competencies:organisation-team": "manager",
    "credentials:my-hours": "peer",
    "credentials:entry-edit": "peer",
    "portfolio:map": "peer",
    "portfolio:link-add": "peer",
    "portfolio:worker-map": "supervisor",
    "voice:voice-index": "peer",
    "voice:group-pulses": "admin",
    "voice:group-pulse": "admin",
    "notifications:notification-list": "peer",
    "workers:people": "admin",
    "workers:worker-leave": "admin",
    "audit:audit-trail": "admin",
    "reminders:admin": "admin",
    "dashboard:overview": "admin",
    "portfolio_documents:document-list": "peer",
    "portfolio_documents:document-new": "peer",
    "portfolio_documents:document-detail": "peer",
    "portfolio_documents:document-progress": "peer",
    "wellness_plans:mine": "peer",
    "wellness_plans:edit": "peer",
    "wellness_plans:sharing": "peer",
    "wellness_plans:history": "peer",
    "wellness_plans:version": "peer",
    "wellness_plans:read": "supervisor",
    "wellness_plans:shared": "supervisor",
    "raters:invitation-list": "peer",
    "raters:invitation-create": "peer",
    "raters:invitation-detail": "peer",
    "community:home": "peer",
    "community:thread-new": "peer",
    "community:share-reflection": "peer",
    "community:settings": "peer",
    "community:thread-detail": "peer",
    "community:post-detail": "peer",
    "community:moderators": "admin",
}
# Pages worth seeing again as another persona (their content differs a lot).
EXTRA_VISITS = [("core:my-day", "manager"), ("core:my-day", "supervisor"), ("core:my-day", "admin"),
                ("teams:team-detail", "peer"), ("portfolio:worker-map", "manager"),
                ("community:thread-detail", "supervisor"),
                ("voice:team-voice", "peer"), ("voice:team-actions", "peer"), ("voice:action-detail", "peer"),
                # Issue 19, item 2: a colleague's feed and entry (reply forms, "this helped me").
                ("reflections:team-feed", "peer2"), ("reflections:reflection-detail", "peer2")]  # fmt: skip
# Pages worth seeing with another record, as another persona: (name, persona, {argument: demo_ids key}).
# The peer role's draft being consulted on (issue 18, item 3): the manager's decide and ask forms, the
# peer worker's comment and view forms; a role still proposed to the worker who asked for a change.
EXTRA_RECORD_VISITS = [
    ("roles:role-detail", "manager", {"definition_id": "consulted_draft_id"}),
    ("roles:role-detail", "peer", {"definition_id": "consulted_draft_id"}),
    ("roles:assignment-detail", "peer2", {"assignment_id": "proposed_assignment_id"}),
]
# Main pages: screenshots at desktop and phone width.
SCREENSHOTS = {
    "core:my-day": "my-day",
    "teams:team-detail": "team-page",
    "dashboard:team": "team-dashboard",
    "dashboard:overview": "teams-side-by-side",
    "dashboard:team-print": "team-dashboard-print",
    "reflections:reflection-list": "reflections",
    "reflections:reflection-new": "reflection-form",
    "reflections:team-feed": "team-learning-feed",
    "boundaries:note-new": "boundary-note-form",
    "supervision:queue": "review-queue",
    "supervision:agreement-list": "agreements",
    "roles:team-overlaps": "role-overlaps",
    "competencies:my-progress": "competencies",
    "competencies:organisation": "organisational-competences",
    "credentials:my-hours": "my-hours",
    "portfolio:map": "portfolio",
    "voice:team-voice": "team-voice",
    "voice:team-actions": "you-said-we-did",
    "wellbeing:home": "wellbeing",
    "fidelity:home": "peer-practice-check",
    "community:home": "peer-community",
    "drift:mine": "role-shape",
    "wellbeing:check-in-support": "wellbeing-low-check-in",
    "wellbeing:support-contacts": "wellbeing-support-contacts",
    "wellness_plans:mine": "wellness-plan",
    "raters:invitation-detail": "feedback-received",
    "raters:respond": "rater-page",
}


def url_patterns(patterns=None, prefix="", namespace=""):
    """``(route, name, [kwarg names])`` for every pattern of the URL configuration."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), list(pattern.pattern.converters)


def demo_ids(people):
    """Ids for every kind of URL argument, from the demo's records."""
    from apps.boundaries.models import BoundaryNote
    from apps.calendar.services import feed_issue
    from apps.community.models import Moderator, Post, Thread
    from apps.competencies.models import Assessment, Competency, TrainingRecord
    from apps.core.dates import org_today
    from apps.credentials.models import PracticeEntry
    from apps.fidelity.models import FidelityCheck
    from apps.notifications.services import notify
    from apps.portfolio.models import EvidenceLink
    from apps.portfolio_documents.codes import code_hash
    from apps.portfolio_documents.models import PortfolioDocument
    from apps.raters import services as rater_services
    from apps.raters.models import Invitation
    from apps.reflections.models import Reflection
    from apps.roles.models import Assignment, DefinitionComment, RoleDefinition
    from apps.supervision import planning
    from apps.supervision.models import Agreement
    from apps.teams.models import Membership, Team
    from apps.voice.group_models import GroupPulse
    from apps.voice.models import VoiceAction
    from apps.wellbeing.models import CheckIn, SupportContact
    from apps.wellness_plans.models import WellnessPlan

    peer = people["peer"]
    riverside = Team.objects.get(name="Riverside Community Team")
    peer_role = RoleDefinition.objects.get(team=riverside, title="Peer Support Worker", status="published")
    agreement = Agreement.objects.get(supervisee=peer, supervisor=people["supervisor"], kind="peer")
    notification = notify(recipient=peer, kind="test", message="Your supervision is due soon.", link="/")
    planned = planning.planned_session_create(
        actor=people["supervisor"],
        agreements=[agreement],
        date=org_today(peer.organisation) + timedelta(days=7),
        time=time(10, 0),
        duration_minutes=60,
        location="Room 1",
    )
    # The demo peer's portfolio PDF (seed_demo made it), given a code the walk knows.
    document = PortfolioDocument.objects.get(worker=peer)
    PortfolioDocument.objects.filter(pk=document.pk).update(code_hash=code_hash("ABCDEFGHJKMN"))
    consulted_draft = RoleDefinition.objects.get(lineage=peer_role.lineage, status="draft")
    return {
        "consulted_draft_id": consulted_draft.pk,
        "comment_id": DefinitionComment.objects.filter(role_definition=consulted_draft, decision="").first().pk,
        "proposed_assignment_id": Assignment.objects.get(worker=people["peer2"], role_definition=peer_role).pk,
        "planned_id": planned.pk,
        "team_id": riverside.pk,
        "definition_id": peer_role.pk,
        "role_definition_id": peer_role.pk,
        "assignment_id": Assignment.objects.get(worker=peer, role_definition=peer_role).pk,
        "membership_id": Membership.objects.get(team=riverside, worker=peer, left_on=None).pk,
        "reflection_id": Reflection.objects.get(author=peer, title="Naming hope in the morning handover").pk,
        "note_id": BoundaryNote.objects.get(author=peer, status="reviewed").pk,
        "agreement_id": agreement.pk,
        "session_id": agreement.sessions.order_by("-held_on").first().pk,
        "competency_id": Competency.objects.get(code="LE1", framework__organisation__isnull=True).pk,
        "worker_id": peer.pk,
        "assessment_id": Assessment.objects.filter(
            worker=peer, is_current=True, state="awaiting_sign_off", competency__kind="practice"
        )
        .order_by("created_at")
        .first()
        .pk,
        "record_id": TrainingRecord.objects.filter(worker=peer).order_by("expires_on").first().pk,
        "notification_id": notification.pk,
        "entry_id": PracticeEntry.objects.filter(worker=peer).order_by("-worked_on").first().pk,
        "check_id": FidelityCheck.objects.filter(author=peer).order_by("-taken_on").first().pk,
        "thread_id": Thread.objects.get(title="Being the only peer worker on a ward round").pk,
        "post_id": Post.objects.filter(author=peer).order_by("created_at").first().pk,
        "moderator_id": Moderator.objects.get(worker=people["supervisor"]).pk,
        "link_id": EvidenceLink.objects.filter(worker=peer).order_by("created_at").first().pk,
        "check_in_id": CheckIn.objects.filter(author=peer).order_by("-created_at").first().pk,
        "contact_id": SupportContact.objects.filter(organisation=peer.organisation).order_by("name").first().pk,
        "run_id": checked_import(people["admin"]).pk,
        "uidb64": urlsafe_base64_encode(force_bytes(peer.pk)),
        "token": default_token_generator.make_token(peer),
        "secret": feed_issue(actor=peer),
        "document_id": document.pk,
        "code": "ABCD-EFGH-JKMN",
        "plan_id": WellnessPlan.objects.get(author=peer).pk,
        "action_id": VoiceAction.objects.filter(team=riverside, status="open").order_by("created_at").first().pk,
        "number": 1,
        # The counted pooled peer-voice pulse (issue 19): the admin reads its breakdowns.
        "group_pulse_id": GroupPulse.objects.get(kind="pooled", mixed=True).pk,
        # Feedback waiting for the worker's decision, and an open link for the rater's page (no account).
        "invitation_id": Invitation.objects.get(worker=peer, submitted_at__isnull=False, decision="pending").pk,
        "rater_token": rater_services.invitation_create(
            actor=peer,
            rater_name="Ash Walker",
            rater_email="ash.walker@example.org",
            relationship="peer_other_service",
            competencies=Competency.objects.filter(code__in=["LE1", "MR1"], framework__organisation__isnull=True),
        )[1],
    }


def is_html_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def plan_walk(people, ids):
    """``(visits, not_pages, unfillable)``: visits are ``(name, url, persona or None)``."""
    visits, not_pages, unfillable = [], [], []
    for route, name, kwargs in url_patterns():
        # A regex route's anchors and group openings are not path ("^(?P<path>api/.*)$" is the API's).
        if re.sub(r"\^|\(\?P<\w+>", "", route).startswith(NOT_APP_PAGES):
            continue
        missing = [k for k in kwargs if k not in ids]
        if missing:
            unfillable.append((name, missing))
            continue
        url = reverse(name, kwargs={k: ids[k] for k in kwargs})
        anonymous = Client().get(url, follow=True)
        if is_html_page(anonymous) and not anonymous.redirect_chain:
            visits.append((name, url, None))
            continue
        order = [PREFERRED[name]] if name in PREFERRED else []
        order += [p for p in PERSONAS if p not in order]
        statuses = {}
        for persona in order:
            client = Client()
            client.force_login(people[persona])
            response = client.get(url, follow=True)
            if is_html_page(response):
                visits.append((name, url, persona))
                break
            statuses[persona] = (response.status_code, response.get("Content-Type", ""))
        else:
            not_pages.append((name, url, statuses))
    for name, persona in EXTRA_VISITS:
        url = next(u for n, u, _ in visits if n == name)
        visits.append((name, url, persona))
    for name, persona, arguments in EXTRA_RECORD_VISITS:
        visits.append((name, reverse(name, kwargs={k: ids[key] for k, key in arguments.items()}), persona))
    return visits, not_pages, unfillable


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Each reference that does not resolve, as "attribute=id on <tag>"; and how many resolved.
DANGLING = """() => {
  const dangling = [];
  let resolved = 0;
  for (const [selector, attr] of [['[aria-describedby]', 'aria-describedby'],
                                  ['[aria-labelledby]', 'aria-labelledby'],
                                  ['label[for]', 'for']]) {
    for (const el of document.querySelectorAll(selector)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (document.getElementById(id)) { resolved++; continue; }
        dangling.push(`${attr}=${id} on <${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}>`);
      }
    }
  }
  return {dangling, resolved};
}"""


def overflows_at_phone_width(page, timeout_ms: int = 3000) -> int | None:
    """The page's scroll width at 375 px if it scrolls sideways, else None.

    Charts resize a moment after the viewport does, so the condition is polled for up to
    ``timeout_ms``. Polled from here rather than with ``wait_for_function``, whose in-page
    polling evaluates a string and so trips the pages' CSP (no 'unsafe-eval')."""
    page.set_viewport_size(PHONE)
    waited, width = 0, None
    while True:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width <= PHONE["width"] or waited >= timeout_ms:
            break
        page.wait_for_timeout(100)
        waited += 100
    page.set_viewport_size(DESKTOP)
    return width if width > PHONE["width"] else None


# One test walks every page (more than 70 now): the default 300 s per test is for one flow.
@pytest.mark.timeout(1200)
def test_every_page_passes_axe_fits_a_phone_resolves_its_references_and_is_screenshotted(page, sign_in):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from apps.accounts.models import User

    people = {key: User.objects.get(username=f"demo-{key.replace('_', '-')}") for key in PERSONAS}
    ids = demo_ids(people)
    visits, not_pages, unfillable = plan_walk(people, ids)
    assert unfillable == [], f"pages the walk cannot open (add their ids to demo_ids): {unfillable}"

    problems, scanned, resolved = {}, [], 0
    visits.sort(key=lambda v: PERSONAS.index(v[2]) if v[2] else -1)
    signed_in_as = "nobody"
    for name, url, persona in visits:
        if persona != signed_in_as:
            if persona is None:
                page.context.clear_cookies()
            else:
                sign_in(page, people[persona], password=DEMO_PASSWORD)
            signed_in_as = persona
        page.goto(url)
        page.wait_for_load_state("load")
        label = f"{name} as {persona or 'anonymous'}"
        scanned.append(label)
        found = serious_violations(page)
        references = page.evaluate(DANGLING)
        resolved += references["resolved"]
        found += [f"points at no id: {dangling}" for dangling in references["dangling"]]
        width = overflows_at_phone_width(page)
        if width:
            found.append(f"scrolls sideways at 375 px (scrollWidth {width})")
        if page.js_errors:
            found.append(f"JavaScript errors: {page.js_errors}")
            page.js_errors.clear()
        if found:
            problems[label] = found
        if name in SCREENSHOTS and (name, persona) not in EXTRA_VISITS:
            screenshot(page, f"{SCREENSHOTS[name]}-desktop")
            page.set_viewport_size(PHONE)
            assert serious_violations(page) == [], f"{label} at phone width"
            screenshot(page, f"{SCREENSHOTS[name]}-phone")
            page.set_viewport_size(DESKTOP)

    print(f"\nScanned {len(scanned)} pages:\n  " + "\n  ".join(scanned))
    print("Not pages (POST-only actions, downloads): " + ", ".join(n for n, _, _ in not_pages))
    assert problems == {}
    assert len(scanned) >= 60
    # The walk saw the pages with forms: help texts and labels by the hundred, not a handful.
    assert resolved >= 300, resolved
    scanned_names = {label.split(" as ")[0] for label in scanned}
    assert {"dashboard:team", "dashboard:overview", "dashboard:team-print", "accounts:login"} <= scanned_names
    # Whatever is not a page answers GET with 405, a redirect to a page, or a download — never a 500.
    for name, _, statuses in not_pages:
        assert all(code != 500 for code, _ in statuses.values()), name


# --- keyboard --------------------------------------------------------------------------------------

MARK_FOCUSABLES = """() => {
  // Tab stops a keyboard user should reach: visible (checkVisibility also hides what a closed
  // <details> hides), enabled, not taken out of the order, one per radio group.
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const radioGroups = new Set();
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.type === 'hidden' || el.getAttribute('tabindex') === '-1') continue;
    const visible = el.checkVisibility({ checkVisibilityCSS: true }) || el.classList.contains('skip-link');
    if (!visible) continue;
    if (el.type === 'radio') {
      if (radioGroups.has(el.name)) continue;
      radioGroups.add(el.name);
      const checked = el.form && el.form.querySelector('input[type=radio][name="' + el.name + '"]:checked');
      if (checked && checked !== el) { checked.setAttribute('data-kbd', String(n++)); continue; }
    }
    el.setAttribute('data-kbd', String(n++));
  }
  return n;
}"""


def tab_through(page, limit):
    """Press Tab until focus comes back round (or ``limit`` presses); the data-kbd marks reached."""
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-kbd')")
        if mark is not None and mark in reached and mark == reached[0]:
            break
        if mark is not None and mark not in reached:
            reached.append(mark)
    return reached


def assert_everything_reachable_by_tab(page):
    total = page.evaluate(MARK_FOCUSABLES)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    reached = tab_through(page, total + 20)
    missing = page.evaluate(
        "(reached) => [...document.querySelectorAll('[data-kbd]')].filter(el => !reached.includes(el.getAttribute('data-kbd')))"
        ".map(el => el.outerHTML.slice(0, 120))",
        reached,
    )
    assert total > 10 and missing == []
    # Focus order follows the page order (starting wherever focus last was, wrapping round once).
    order = [int(mark) for mark in reached]
    start = order.index(min(order))
    assert order[start:] + order[:start] == sorted(order), "focus order follows the page order"


def test_the_skip_link_comes_first_and_takes_focus_to_the_main_content(page, sign_in, everyone, riverside):
    sign_in(page, everyone["manager"])
    page.goto(f"/dashboard/teams/{riverside.pk}/")
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    assert skip == ["skip-link", "Skip to content"]
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # shown while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("persona", "path"),
    [("manager", "/dashboard/teams/{team}/"), ("peer", "/"), ("peer", "/reflections/new/"), ("admin", "/dashboard/")],
)
def test_every_control_on_key_pages_is_reached_by_tab_in_page_order(page, sign_in, everyone, riverside, persona, path):
    sign_in(page, everyone[persona])
    page.goto(path.format(team=riverside.pk))

    assert_everything_reachable_by_tab(page)


def test_on_a_phone_the_menu_opens_and_its_links_are_reached_by_keyboard(page, sign_in, everyone):
    page.set_viewport_size(PHONE)
    sign_in(page, everyone["peer"])
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.get_by_role("link", name="Reflections").is_visible()

    page.locator(".site-nav__toggle").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.textContent") == "My day"
    assert nav.get_by_role("link", name="Reflections").is_visible()
    assert_everything_reachable_by_tab(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
