"""The five persona journeys of issue 15, walked in Chromium by visible label only, counting what
a person does.

1. **admin** — an org admin from nothing, guided by My day's set-up checklist: time zone, a team,
   two people, their team roles, a role definition, a supervision contract, support contacts.
2. **manager** — define a peer role, publish it, assign it (over contract: "Assign anyway"), then
   the team dashboard.
3. **peer** — a reflection shared with their supervisor, a boundary note, a check-in of 1 shared
   with the supervisor.
4. **supervisor** — the queue, a reply to a boundary note, a recorded session.
5. **voice** — a team member answers the open team pulse from My day; the manager reads the
   pulse results on Team voice.

Each journey starts on My day after signing in, follows links and buttons as a person would (no
typed URLs) and counts ``clicks`` (links, buttons, choices in a list, ticks), ``fields`` (text
typed) and ``pages`` (page loads in the tab, a form's post-and-redirect being one). It prints one
JSON line per journey, with where it got stuck if it could not be finished, and saves each step
at 1280 and 375 px into OUTDIR. Run it against a running pspteam with fresh demo data and a
fresh organisation (bench/README.md has the whole recipe and the before/after table):

    manage.py migrate && manage.py seed_demo
    manage.py create_organisation "Fresh Start Trust" --admin fresh-admin --password peer-support-demo
    manage.py runserver 127.0.0.1:8000 &
    .venv/bin/python bench/journeys.py http://127.0.0.1:8000 artifacts/screenshots/journeys/after fresh-admin

The journeys change the data (a role is published, a note replied to, a pulse answered): seed a
fresh database before comparing two runs. Extra arguments name the journeys to run.
"""

import json
import os
import re
import sys

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

BASE, OUT = sys.argv[1], sys.argv[2]
ADMIN = sys.argv[3] if len(sys.argv) > 3 else None
PW = "peer-support-demo"


def rx(label):
    """A field label as the page shows it: exactly, with or without the required-field star."""
    return re.compile("^" + re.escape(label) + r"( \*)?$") if isinstance(label, str) else label


class Journey:
    """One persona's walk: the page and what the person did on it."""

    def __init__(self, page, name):
        self.p, self.name, self.clicks, self.fields, self.pages = page, name, 0, 0, 0
        page.on("framenavigated", self._loaded)

    def _loaded(self, frame):
        if frame == self.p.main_frame:
            self.pages += 1

    def sign_in(self, user):
        """A second person in the same journey (voice): signing in is not counted."""
        before = self.pages
        self.p.context.clear_cookies()
        sign_in(self.p, user)
        self.pages = before

    def click(self, loc):
        loc.first.click()
        self.clicks += 1
        self.p.wait_for_load_state()

    def link(self, name):
        self.click(self.p.get_by_role("link", name=name))

    def button(self, name):
        self.click(self.p.get_by_role("button", name=name))

    def fill(self, label, value):
        self.p.locator("main").get_by_label(rx(label)).first.fill(value)
        self.fields += 1

    def select(self, label, option):
        loc = self.p.locator("main").get_by_label(rx(label)).first
        opts = [o for o in loc.locator("option").all_inner_texts() if re.search(option, o)]
        loc.select_option(label=opts[0])
        self.clicks += 1
        self.p.wait_for_load_state()

    def radio(self, name):
        self.p.locator("main").get_by_label(name).first.check()
        self.clicks += 1

    def tick(self, name):
        box = self.p.locator("main").get_by_label(name).first
        if not box.is_checked():
            box.check()
            self.clicks += 1

    def snap(self, what):
        for w, h in ((1280, 900), (375, 800)):
            self.p.set_viewport_size({"width": w, "height": h})
            self.p.wait_for_load_state()
            self.p.screenshot(timeout=20000, path=f"{OUT}/{self.name}-{what}-{w}.png", full_page=True)
        self.p.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, user):
    page.goto(BASE + "/accounts/login/")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PW)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def new_peer_role(j, team, title, hours, duty):
    """From the Roles page: "New role definition", one peer-distinct duty, saved as a draft."""
    j.link("New role definition")
    j.select("Team", team)
    j.fill("Title", title)
    j.select("Kind of role", "Peer")
    j.fill("Hours per week", hours)
    j.fill("Duty 1", duty)
    j.select("Category for duty 1", "Peer-distinct")
    j.button("Save draft")


def manager(j):
    j.link(re.compile("^Roles$"))
    new_peer_role(j, "Riverside", "Peer Navigator", "15", "Walk alongside people to community groups")
    j.snap("draft")
    j.button(re.compile("^Publish"))
    if j.p.get_by_role("button", name=re.compile("^Publish")).count():
        j.button(re.compile("^Publish"))
    if j.p.get_by_role("link", name="Assign this role").count():
        j.link("Assign this role")
    else:
        j.link(re.compile("^Roles$"))
        j.link("Assign a role")
        j.select("Role", "Peer Navigator")
    j.select("Team member", "Robin Achebe")
    j.button(re.compile("^Assign"))
    anyway = j.p.locator("main").get_by_label(re.compile("Assign anyway"))
    if anyway.count():
        anyway.check()
        j.clicks += 1
        j.button(re.compile("^Assign"))
    j.p.get_by_text(re.compile("Peer Navigator")).first.wait_for()
    j.snap("assigned")
    j.link(re.compile("^Dashboard$"))
    if j.p.get_by_role("link", name=re.compile("^Riverside")).count() and "/teams/" not in j.p.url:
        j.link(re.compile("^Riverside"))
    j.p.get_by_role("heading", level=1).first.wait_for()
    j.snap("dashboard")


def peer(j):
    if j.p.get_by_role("button", name=re.compile("Acknowledge|Agree")).count():
        j.button(re.compile("Acknowledge|Agree"))
    j.link(re.compile("^Reflections$"))
    j.link(re.compile("Write a reflection|New reflection"))
    j.fill("Title", "Sharing my story at group")
    j.select("Reflective framework", "Driscoll|What\\?")
    j.fill("When it happened", "2026-12-01")
    for lab in (re.compile(r"^What\?"), re.compile(r"^So what\?"), re.compile(r"^Now what\?")):
        j.fill(lab, "I shared a little of my own recovery when it helped.")
    share_with_supervisor(j)
    j.button(re.compile("^Save"))
    j.snap("reflection")
    j.link("Boundary notes")
    j.link(re.compile("Write a boundary note|New boundary note"))
    j.fill(re.compile("When did it happen"), "2026-12-01")
    j.select(re.compile("kind of boundary|What kind|What happened"), "Self-disclosure|sharing my own")
    j.fill(re.compile("^The situation"), "Someone asked about my own medication.")
    j.fill(re.compile("What I shared"), "That I take medication and it helped me.")
    j.radio(re.compile("^(Low|Whenever)"))
    j.button(re.compile("Submit for review|Share with|Save"))
    j.snap("boundary")
    j.link("Wellbeing")
    j.radio(re.compile("^1"))
    j.tick(re.compile("Share this check-in with my supervisor|Share with (my )?supervisor"))
    j.button("Save check-in")
    j.snap("checkin")


def share_with_supervisor(j):
    """ "Who can read it": my supervisors (a radio list or a drop-down, by the version)."""
    main = j.p.locator("main")
    choice = main.get_by_role("radio", name=re.compile("supervisor", re.I))
    if choice.count():
        choice.first.check()
        j.clicks += 1
    else:
        j.select(re.compile("Who can read it|Visibility"), "supervisor")


def supervisor(j):
    j.link(re.compile("^(Review queue|Supervising)$"))
    j.link(re.compile("Pat Lindqvist|Contact outside work")) if j.p.get_by_role(
        "link", name=re.compile("Pat Lindqvist|Contact outside work")
    ).count() else None
    j.snap("note")
    j.fill(
        re.compile(r"^(Your response to the author|Your reply)( \*)?$"),
        "Thank you for writing this. Let's talk it through on Thursday.",
    )
    j.button(re.compile("^(Save review|Send reply)$"))
    j.link(re.compile("^My day$"))
    j.link(re.compile("^(Review queue|Supervising)$"))
    j.link(re.compile("Record a session|Record session"))
    record_session(j)


def record_session(j):
    main = j.p.locator("main")
    boxes = main.get_by_role("checkbox", name=re.compile("supervision", re.I))
    if not any(b.is_checked() for b in boxes.all()):
        boxes.first.check()
        j.clicks += 1
    j.fill("Held on", "2026-12-01")
    j.fill("Duration (minutes)", "50")
    j.radio(re.compile("^Restorative"))
    j.button("Record session")
    j.snap("session")


def admin(j):
    """Journey 1, guided by the set-up checklist on My day (as tests/browser/test_setup_journey.py)."""
    checklist = j.p.get_by_role("region", name=re.compile("^Set up "))
    main_nav = j.p.get_by_role("navigation", name="Main")
    j.snap("my-day")
    j.click(checklist.get_by_role("link", name="Check your time zone"))
    j.select("Time zone", "Europe/London")
    j.button("Save time zone")
    j.click(checklist.get_by_role("link", name="Create your first team"))
    j.fill("Team name", "Hillside Community Team")
    j.select("Setting", "Community")
    j.button("Create team")
    j.p.get_by_text(re.compile("is ready")).first.wait_for()
    j.snap("team")
    j.click(j.p.get_by_role("region", name=re.compile("^Next steps")).get_by_role("link", name="People page"))
    for username, name, kind, hours in (
        (f"{ADMIN}-morgan", "Morgan Reyes", "Clinical", "37.5"),  # usernames are unique site-wide
        (f"{ADMIN}-pat", "Pat Okafor", "Peer support worker", "22.5"),
    ):
        j.fill("Username", username)
        j.fill("Name shown to colleagues", name)
        j.fill("Email", f"{username}@fresh.example")
        j.select("Kind of worker", kind)
        j.fill("Contracted hours per week", hours)
        j.button("Add person")
        j.p.get_by_role("cell", name=name, exact=True).wait_for()
    for name, role in (("Morgan Reyes", "Manager"), ("Pat Okafor", "Member")):
        j.p.locator("main").get_by_role("combobox", name="Team", exact=True).select_option(
            label="Hillside Community Team"
        )
        j.clicks += 1
        j.select("Person", name)
        j.select("Team role", role)
        j.button("Add to team")
        j.p.get_by_text(f"{name} joined").wait_for()
    j.snap("people")
    j.click(main_nav.get_by_role("link", name="My day"))
    j.click(checklist.get_by_role("link", name="Describe the roles in your teams"))
    new_peer_role(j, "Hillside", "Peer Support Worker", "22.5", "Share my own recovery story when it helps the person")
    j.button(re.compile("^Publish"))
    # Two more steps from the checklist, each one form: (link, choices, text, button, answer).
    for link, choices, text, button, answer in (
        (
            "Set up supervision contracts",
            (("Supervisee", "Pat Okafor"), ("Supervisor", "Morgan Reyes"), ("Kind of supervision", "Line management")),
            (),
            "Propose agreement",
            "Agreement proposed",
        ),
        (
            "Add support contacts for your people",
            (("Kind of support", "Crisis line"),),
            (("Name", "Samaritans"), ("How to reach them", "Call 116 123, free, any time")),
            "Add support contact",
            "Added Samaritans.",
        ),
    ):
        j.click(main_nav.get_by_role("link", name="My day"))
        j.click(checklist.get_by_role("link", name=link))
        for label, option in choices:
            j.select(label, option)
        for label, value in text:
            j.fill(label, value)
        j.button(button)
        j.p.get_by_text(answer).first.wait_for()
        j.snap(button.split()[-1].lower())
    j.click(main_nav.get_by_role("link", name="My day"))
    j.p.get_by_role("heading", name="My day", level=1).wait_for()
    if checklist.count():
        raise IndexError("the set-up checklist is still on My day")
    j.snap("done")


def voice(j):
    """A member answers the open pulse from My day; then the manager reads the results."""
    j.link(re.compile("^Answer the .* pulse$"))
    for number in range(1, 6):
        group = j.p.locator("main").get_by_role("radiogroup").nth(number - 1)
        if group.count():
            group.get_by_role("radio").nth(3).check()
        else:  # a fieldset without the radiogroup role
            j.p.locator("main").locator("fieldset").nth(number - 1).get_by_role("radio").nth(3).check()
        j.clicks += 1
    j.button(re.compile("^(Send|Submit|Save)"))
    j.p.get_by_text(re.compile("answered this pulse|Thank you")).first.wait_for()
    j.snap("answered")
    j.sign_in("demo-manager")
    j.link(re.compile("^Team voice$"))
    if "/teams/" not in j.p.url:
        j.link(re.compile("^Riverside"))
    j.p.get_by_role("heading", name=re.compile("What the team is saying|[Rr]esults|[Tt]rend")).first.wait_for()
    j.snap("results")


def run(name, user, fn):
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = b.new_page(viewport={"width": 1280, "height": 900})
        # A missing control fails after this long; a busy machine needs more than a quiet one.
        page.set_default_timeout(int(os.environ.get("JOURNEY_TIMEOUT_MS", "15000")))
        sign_in(page, user)
        j = Journey(page, name)  # pages counted from My day on
        err = None
        try:
            fn(j)
        except (PlaywrightError, IndexError) as e:  # record where the journey got stuck
            page.set_default_timeout(20000)
            err = f"{type(e).__name__}: {str(e).splitlines()[0][:200]} @ {page.url}"
            page.screenshot(path=f"{OUT}/{name}-stuck.png", full_page=True)
        b.close()
    print(json.dumps({"journey": name, "clicks": j.clicks, "fields": j.fields, "pages": j.pages, "stuck": err}))


os.makedirs(OUT, exist_ok=True)
for name, user, fn in (
    ("admin", ADMIN, admin),
    ("manager", "demo-manager", manager),
    ("peer", "demo-peer", peer),
    ("supervisor", "demo-supervisor", supervisor),
    ("voice", os.environ.get("VOICE_USER", "demo-peer3"), voice),
):
    if len(sys.argv) > 4 and name not in sys.argv[4:]:
        continue
    run(name, user, fn)
