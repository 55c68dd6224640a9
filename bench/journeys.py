"""The five persona journeys, walked in Chromium by visible label only, counting what a person does.

Starting from My day after signing in, each journey follows links and buttons as a person would
(no typed URLs) and counts ``clicks`` (links, buttons, choices in a list, ticks) and ``fields``
(text typed). It prints one JSON line per journey, with where it got stuck if it could not be
finished, and saves screenshots at 1280 and 375 px into OUTDIR. Run it against any running
pspteam with the demo data and a fresh organisation (issue 15's before/after figures):

    manage.py migrate && manage.py seed_demo
    manage.py create_organisation "Fresh Start Trust" --admin fresh-admin --password peer-support-demo
    manage.py runserver 127.0.0.1:8000 &
    .venv/bin/python bench/journeys.py http://127.0.0.1:8000 artifacts/screenshots/journeys fresh-admin

The journeys change the data (a role is published, a note replied to): seed a fresh database
before comparing two runs. The whole org admin set-up journey is a test with its own count
(tests/browser/test_setup_journey.py); here the org admin creates the first team.
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
        self.p, self.name, self.clicks, self.fields = page, name, 0, 0

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


def manager(j):
    j.link(re.compile("^Roles$"))
    j.link("New role definition")
    j.select("Team", "Riverside")
    j.fill("Title", "Peer Navigator")
    j.select("Kind of role", "Peer")
    j.fill("Hours per week", "15")
    j.fill("Duty 1", "Walk alongside people to community groups")
    j.select("Category for duty 1", "Peer-distinct")
    j.button("Save draft")
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
    j.button("Save check-in")
    j.snap("checkin")


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


def clinician(j):
    j.link(re.compile("^(Review queue|Supervising)$"))
    j.link(re.compile("Record a session|Record session"))
    record_session(j)


def admin(j):
    j.link(re.compile("^Teams$"))
    j.link(re.compile("^(Create a team|Create your first team)$"))
    j.fill("Team name", "Riverside Community Team")
    j.select("Setting", "Community")
    j.button("Create team")
    j.p.get_by_text(re.compile("is ready")).first.wait_for()
    j.snap("team")


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
        page.set_default_timeout(5000)
        sign_in(page, user)
        j = Journey(page, name)
        err = None
        try:
            fn(j)
        except (PlaywrightError, IndexError) as e:  # record where the journey got stuck
            page.set_default_timeout(20000)
            err = f"{type(e).__name__}: {str(e).splitlines()[0][:200]} @ {page.url}"
            page.screenshot(path=f"{OUT}/{name}-stuck.png", full_page=True)
        b.close()
    print(json.dumps({"journey": name, "clicks": j.clicks, "fields": j.fields, "stuck": err}))


os.makedirs(OUT, exist_ok=True)
for name, user, fn in (
    ("admin", ADMIN, admin),
    ("manager", "demo-manager", manager),
    ("peer", "demo-peer", peer),
    ("supervisor", "demo-supervisor", supervisor),
    ("clinician", "demo-clinician", clinician),
):
    if len(sys.argv) > 4 and name not in sys.argv[4:]:
        continue
    run(name, user, fn)
