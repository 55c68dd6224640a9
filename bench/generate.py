"""The benchmark's large organisation, generated reproducibly from a seed (issue 10).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pspteam_bench .venv/bin/python bench/generate.py --seed 42

``bench/run.py`` calls this for you (and skips it when ``pspteam_bench`` already holds the data of
this generator version and seed). The database must be migrated and empty of organisations.

What it writes (one organisation, "Bench Trust", Europe/London; dates relative to its today):

* 100 teams of 20 workers (2,000): per team one manager (clinical), three supervisors (two peer
  workers with lived experience, one clinician) and sixteen members (fourteen peer workers, one
  clinician, one other); plus one org admin outside the teams. 1.5 % of members have stepped away.
  200 earlier memberships in other teams, ended.
* 4,000 agreements: every worker has one in force (members under a supervisor of their team,
  5–6 each; supervisors under their manager; managers under the next team's clinician, so no
  supervisor has more than 7 supervisees) and one that ended a year or more ago.
  Their due dates: 80 % on track, 8 % due soon, 8 % overdue, 4 % more than a week overdue.
* 100,000 supervision sessions (25 per agreement, one every ``frequency_days`` with jitter), and
  ``next_due_on`` = last session + frequency, as the supervision services keep it.
* 100,000 reflections over three years (more by peer workers, more recent than old), 3 % drafts;
  published ones 45 % private, 25 % shared with supervisors, 30 % with the author's team; a
  third with a perspective exchange; 60 % of shared ones older than two weeks acknowledged.
  10,000 comments on shared entries.
* 20,000 boundary notes (reviewed or closed unless recent; 48 awaiting review in the queue of the
  benchmark's supervisor, ``t000w01``, so that the queue has two pages).
* Sharing names people (issue 13): every reflection shared with supervisors or the team, and
  every boundary note, names its reader — the author's supervisor under the peer or clinical
  agreement in force, as the ``*_named_readers`` migrations chose (line management is never
  named: a supervisor's own entries, under their manager's line agreement, have no supervisor
  reader, are never acknowledged or reviewed, and their notes stay submitted). Acknowledgements,
  supervisor comments and reviews are by that reader.
* Per team four published role definitions with five duties (plus the retired first version of
  "Peer support worker"), 2,000 current assignments, 1,000 ended ones; 20,000 notifications.

Everything is written with PostgreSQL ``COPY`` (the bulk path; no per-row INSERT, no signals),
every id and every text drawn from ``random.Random(seed)``: the same seed gives the same rows.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pspteam.settings")

# Bump when the data changes: bench/run.py regenerates the cached database when it differs.
# v2: shared entries name their readers (issue 13), agreements carry a consent status.
GENERATOR_VERSION = 2
DEFAULT_SEED = 42

TEAMS = 100
TEAM_SIZE = 20
REFLECTIONS = 100_000
COMMENTS = 10_000
BOUNDARY_NOTES = 20_000
SESSIONS_PER_AGREEMENT = 25
NOTIFICATIONS_PER_WORKER = 10
QUEUE_BACKLOG_PER_SUPERVISEE = 8

# Who the benchmark signs in as (bench/run.py looks them up by username).
ADMIN_USERNAME = "bench-admin"
MANAGER_USERNAME = "t000w00"
SUPERVISOR_USERNAME = "t000w01"
PEER_USERNAME = "t000w04"
BENCH_ROLE_TITLE = "Rota cover (bench)"

FIRST = (
    "Alex Sam Jo Chris Kim Robin Jamie Morgan Taylor Jordan Casey Riley Avery Quinn Rowan Charlie Frankie Ash "
    "Amira Bilal Chen Dev Ewa Farah Gwen Hana Idris Jun Kofi Lena Mei Nia Omar Priya Rosa Sade Tomas Uma Yusuf Zoe"
).split()
LAST = (
    "Adams Begum Clarke Davies Evans Fraser Green Hughes Iqbal Jones Khan Lewis Morris Nowak Owen Patel Quinn "
    "Roberts Singh Taylor Usman Vaughan Walker Young Zielinski Ahmed Brown Campbell Doyle Ellis Ferguson"
).split()
WORDS = (
    "team support shift visit listening recovery hope boundary supervisor colleague meeting plan handover "
    "feeling noticed learned trust choice voice experience story practice clinic ward community group session "
    "boundaries disclosure rapport worry calm tired proud unsure curious next time together asked offered "
    "waited explained shared agreed disagreed reflected changed kept noticed helped listened followed up with "
    "a the my our their about after before during because when while so and but then also not quite really"
).split()


def _sentence(rng: random.Random, lo: int = 8, hi: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


@dataclass
class Pools:
    """Pre-drawn texts: composing from a pool is ~50x faster than drawing every word."""

    sentences: list[str]
    titles: list[str]

    @classmethod
    def make(cls, rng: random.Random) -> Pools:
        sentences = [_sentence(rng) for _ in range(3000)]
        titles = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize() for _ in range(2000)]
        return cls(sentences, titles)

    def text(self, rng: random.Random, lo: int = 1, hi: int = 3) -> str:
        return " ".join(rng.choice(self.sentences) for _ in range(rng.randint(lo, hi)))


@dataclass
class Worker:
    id: uuid.UUID
    username: str
    team: int
    index: int  # within the team: 0 manager, 1-3 supervisors, 4-19 members
    kind: str
    status: str = "active"
    supervisor: uuid.UUID | None = None  # of the agreement in force
    # The supervisor named as reader of the entries this worker shares: the supervisor of the
    # agreement in force when it is peer or clinical supervision, as the `*_named_readers`
    # migrations chose (line management reads only when named, which the data never does).
    reader: uuid.UUID | None = None
    extra: dict = field(default_factory=dict)

    @property
    def team_role(self) -> str:
        return "manager" if self.index == 0 else "supervisor" if self.index <= 3 else "member"


class Generator:
    def __init__(self, seed: int, scale: float = 1.0, *, org: int = 0, reflections: int | None = None):
        global TEAMS, REFLECTIONS, COMMENTS, BOUNDARY_NOTES
        if scale != 1.0 and org == 0:  # a smaller organisation, to try the generator quickly (never cached)
            TEAMS, REFLECTIONS = max(2, int(TEAMS * scale)), int(REFLECTIONS * scale)
            COMMENTS, BOUNDARY_NOTES = int(COMMENTS * scale), max(100, int(BOUNDARY_NOTES * scale))
        if reflections is not None and org == 0:  # the growth table's sizes (issue 20): comments stay 10 %
            REFLECTIONS, COMMENTS = reflections, reflections // 10
        self.seed = seed
        # Organisation k > 0 of a multi-organisation run (``--orgs``): its own random stream (so
        # its own ids), and its people's usernames prefixed ``o<k>-``; the first is the usual one.
        self.org_index = org
        self.prefix = f"o{org:03d}-" if org else ""
        self.rng = random.Random(seed if org == 0 else seed * 1000 + org)
        self.pools = Pools.make(self.rng)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.counts: dict[str, int] = {}

    # --- helpers ---------------------------------------------------------------------------

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def at(self, day: date, lo_hours: float = 8, hi_hours: float = 18) -> datetime:
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            seconds=int(self.rng.uniform(lo_hours, hi_hours) * 3600)
        )
        return min(moment, self.now - timedelta(minutes=1))

    def copy(self, model, rows: list[dict]) -> None:
        """``COPY`` ``rows`` (dicts keyed by field attname) into ``model``'s table.

        Missing fields take the field's default; JSON fields are wrapped for psycopg."""
        from django.db import connection
        from psycopg.types.json import Jsonb

        fields = [f for f in model._meta.concrete_fields if f.get_internal_type() not in ("AutoField", "BigAutoField")]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = []
                    for f in fields:
                        if f.attname in row:
                            value = row[f.attname]
                        elif f.attname in ("created_at", "updated_at"):
                            value = self.now
                        else:
                            value = f.get_default()  # "" for text fields, None when there is none
                        if f.attname in json_fields and value is not None:
                            value = Jsonb(value)
                        values.append(value)
                    copy.write_row(values)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)

    # --- the organisation ---------------------------------------------------------------------

    def run(self) -> dict:
        from django.db import connection, transaction

        from apps.accounts.models import Organisation
        from apps.core.dates import org_today

        if self.org_index == 0 and Organisation.objects.exists():
            sys.exit("The database already holds organisations: generate into an empty, migrated database.")
        with transaction.atomic():
            # Foreign keys are checked once per key in bulk at the end (check_foreign_keys), not
            # row by row at commit (deferred triggers: 13 s of 80 at 200,000 reflections).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            self.org_id = self.uid()
            name = "Bench Trust" if self.org_index == 0 else f"Bench Trust {self.org_index:03d}"
            self.copy(Organisation, [{"id": self.org_id, "name": name, "time_zone": "Europe/London"}])
            self.today = org_today(Organisation.objects.get(pk=self.org_id))
            steps = [
                self.people,
                self.teams_and_memberships,
                self.roles,
                self.agreements_and_sessions,
                self.reflections,
                self.boundary_notes,
                self.notifications,
            ]
            for step in steps:
                started = time.perf_counter()
                step()
                print(f"  {step.__name__:<24} {time.perf_counter() - started:6.1f} s", flush=True)
        return {"today": self.today.isoformat(), "counts": self.counts}

    def people(self) -> None:
        from apps.accounts import names
        from apps.accounts.models import User

        rng = self.rng
        self.workers: list[Worker] = []
        rows = []
        joined = self.at(self.today - timedelta(days=4 * 365))
        admin_id = self.uid()
        rows.append(
            {
                "id": admin_id,
                "username": self.prefix + ADMIN_USERNAME,
                "display_name": "Bench Admin",
                "email": f"{self.prefix}bench-admin@bench.invalid",
                "password": "!",
                "organisation_id": self.org_id,
                "worker_kind": "other",
                "contracted_hours_per_week": Decimal("37.5"),
                "is_org_admin": True,
                "date_joined": joined,
            }
        )
        for t in range(TEAMS):
            for i in range(TEAM_SIZE):
                if i == 0 or i == 3 or i == 18:
                    kind = "clinical"
                elif i == 19:
                    kind = "other"
                else:
                    kind = "peer"
                w = Worker(self.uid(), f"{self.prefix}t{t:03d}w{i:02d}", t, i, kind)
                hours = {0: "37.5", 1: "30", 2: "30", 3: "30"}.get(i) or rng.choice(["15", "20", "22.5", "30", "37.5"])
                stepped = i >= 5 and rng.random() < 0.015
                if stepped:
                    w.status = "stepped_away"
                self.workers.append(w)
                rows.append(
                    {
                        "id": w.id,
                        "username": w.username,
                        "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "email": f"{w.username}@bench.invalid",
                        "password": "!",
                        "organisation_id": self.org_id,
                        "worker_kind": kind,
                        "status": w.status,
                        "stepped_away_until": self.today + timedelta(days=rng.randint(7, 40)) if stepped else None,
                        "contracted_hours_per_week": Decimal(hours),
                        "date_joined": joined,
                    }
                )
        # The name keys the unique constraints hold (apps/accounts/names.py); COPY bypasses
        # User.save(), so they are computed here, and a repeated random name gets a number.
        seen: set[str] = set()
        for row in rows:
            row["username_key"] = names.username_key(row["username"])
            base, n = row["display_name"], 1
            while names.display_name_key(row["display_name"]) in seen:
                n += 1
                row["display_name"] = f"{base} {n}"
            row["display_name_key"] = names.display_name_key(row["display_name"])
            seen.add(row["display_name_key"])
        self.copy(User, rows)
        self.by_team = [self.workers[t * TEAM_SIZE : (t + 1) * TEAM_SIZE] for t in range(TEAMS)]

    def teams_and_memberships(self) -> None:
        from apps.teams.models import Membership, Team

        rng = self.rng
        self.team_ids = [self.uid() for _ in range(TEAMS)]
        settings_ = ["community", "community", "inpatient", "crisis", "emergency", "other"]
        self.copy(
            Team,
            [
                {
                    "id": self.team_ids[t],
                    "organisation_id": self.org_id,
                    "name": f"Team {t:03d}",
                    "description": self.pools.text(rng, 1, 2),
                    "setting": rng.choice(settings_),
                    "created_at": self.at(self.today - timedelta(days=5 * 365)),
                }
                for t in range(TEAMS)
            ],
        )
        rows = []
        for w in self.workers:
            joined = self.today - timedelta(days=rng.randint(400, 1500))
            w.extra["joined_on"] = joined
            rows.append(
                {
                    "id": self.uid(),
                    "team_id": self.team_ids[w.team],
                    "worker_id": w.id,
                    "team_role": w.team_role,
                    "joined_on": joined,
                    "created_at": self.at(joined),
                }
            )
            if rng.random() < 0.1:  # an earlier spell in another team
                left = joined - timedelta(days=rng.randint(1, 60))
                rows.append(
                    {
                        "id": self.uid(),
                        "team_id": self.team_ids[(w.team + 37) % TEAMS],
                        "worker_id": w.id,
                        "team_role": "member",
                        "joined_on": left - timedelta(days=rng.randint(100, 700)),
                        "left_on": left,
                        "created_at": self.at(left - timedelta(days=700)),
                    }
                )
        self.copy(Membership, rows)

    def roles(self) -> None:
        from apps.roles.models import Assignment, Duty, RoleDefinition

        rng = self.rng
        specs = [
            ("Peer support worker", "peer", "22.5"),
            ("Senior peer support worker", "peer", "30"),
            ("Team clinician", "clinical", "37.5"),
            (BENCH_ROLE_TITLE, "other", "1"),
        ]
        categories = ["peer_distinct", "peer_distinct", "shared", "shared", "clinical_only"]
        definitions, duties, assignments = [], [], []
        published_at = self.at(self.today - timedelta(days=700))
        for t in range(TEAMS):
            manager = self.by_team[t][0]
            current = {}
            for title, kind, hours in specs:
                lineage = self.uid()
                versions = [(1, "published")]
                if title == "Peer support worker":
                    versions = [(1, "retired"), (2, "published")]
                for version, status in versions:
                    rid = self.uid()
                    definitions.append(
                        {
                            "id": rid,
                            "organisation_id": self.org_id,
                            "team_id": self.team_ids[t],
                            "lineage": lineage,
                            "version": version,
                            "title": title,
                            "kind": kind,
                            "purpose": self.pools.text(rng, 1, 2),
                            "boundaries": self.pools.text(rng, 1, 2),
                            "hours_per_week": Decimal(hours),
                            "status": status,
                            "published_at": published_at - timedelta(days=400 * (2 - version)),
                            "retired_at": published_at if status == "retired" else None,
                            "created_by_id": manager.id,
                            "created_at": published_at - timedelta(days=400 * (2 - version) + 7),
                        }
                    )
                    for position in range(5):
                        category = categories[position] if kind != "clinical" else "clinical_only"
                        duties.append(
                            {
                                "id": self.uid(),
                                "role_definition_id": rid,
                                "position": position + 1,
                                "description": _sentence(rng, 5, 12),
                                "category": category,
                            }
                        )
                    current[(title, status)] = (rid, Decimal(hours))
            for w in self.by_team[t]:
                if w.index == 0 or w.kind == "clinical":
                    title = "Team clinician"
                elif w.index <= 3:
                    title = "Senior peer support worker"
                else:
                    title = "Peer support worker"
                rid, hours = current[(title, "published")]
                created = self.today - timedelta(days=rng.randint(0, 600))
                acked = rng.random() < 0.97 or (self.today - created).days > 14
                assignments.append(
                    {
                        "id": self.uid(),
                        "organisation_id": self.org_id,
                        "worker_id": w.id,
                        "role_definition_id": rid,
                        "team_id": self.team_ids[t],
                        "starts_on": created,
                        "hours_per_week": hours,
                        "acknowledged_at": self.at(created + timedelta(days=rng.randint(0, 5))) if acked else None,
                        "created_by_id": manager.id,
                        "created_at": self.at(created),
                    }
                )
                if title == "Peer support worker" and rng.random() < 0.5:
                    old_id, _ = current[("Peer support worker", "retired")]
                    ended = created - timedelta(days=1)
                    start = ended - timedelta(days=rng.randint(60, 500))
                    assignments.append(
                        {
                            "id": self.uid(),
                            "organisation_id": self.org_id,
                            "worker_id": w.id,
                            "role_definition_id": old_id,
                            "team_id": self.team_ids[t],
                            "starts_on": start,
                            "ends_on": ended,
                            "hours_per_week": hours,
                            "acknowledged_at": self.at(start + timedelta(days=2)),
                            "created_by_id": manager.id,
                            "created_at": self.at(start),
                        }
                    )
        self.copy(RoleDefinition, definitions)
        self.copy(Duty, duties)
        self.copy(Assignment, assignments)

    def agreements_and_sessions(self) -> None:
        from apps.supervision.models import Agreement, SupervisionSession

        rng = self.rng
        freq = {"peer": 28, "clinical": 42, "line": 30}
        agreements, sessions, links = [], [], []
        fn = ["normative", "formative", "restorative"]

        def add(supervisee: Worker, supervisor: Worker, kind: str, *, ended: bool) -> None:
            f = freq[kind]
            if ended:
                ends_on = self.today - timedelta(days=rng.randint(365, 540))
                last = ends_on - timedelta(days=rng.randint(0, f))
            else:
                ends_on = None
                r = rng.random()
                if r < 0.80:
                    d = rng.randint(4, f)
                elif r < 0.88:
                    d = rng.randint(0, 3)
                elif r < 0.96:
                    d = -rng.randint(1, 7)
                else:
                    d = -rng.randint(8, 40)
                last = self.today + timedelta(days=d - f)
            held = [last]
            for _ in range(SESSIONS_PER_AGREEMENT - 1):
                held.append(held[-1] - timedelta(days=f + rng.randint(-3, 4)))
            starts_on = held[-1] - timedelta(days=f)
            aid = self.uid()
            agreements.append(
                {
                    "id": aid,
                    "organisation_id": self.org_id,
                    "supervisee_id": supervisee.id,
                    "supervisor_id": supervisor.id,
                    "kind": kind,
                    "frequency_days": f,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "next_due_on": last + timedelta(days=f),
                    "created_by_id": self.by_team[supervisee.team][0].id,
                    "created_at": self.at(starts_on),
                    # Both people agreed when it was set up (issue 13); past ones have ended.
                    "status": "ended" if ends_on is not None and ends_on < self.today else "active",
                    "supervisee_accepted_at": self.at(starts_on),
                    "supervisor_accepted_at": self.at(starts_on),
                }
            )
            for day in held:
                sid = self.uid()
                created = self.at(day, 12, 20)
                sessions.append(
                    {
                        "id": sid,
                        "organisation_id": self.org_id,
                        "recorded_by_id": supervisor.id,
                        "held_on": day,
                        "duration_minutes": rng.choice([30, 45, 60, 60, 90]),
                        "topics": self.pools.text(rng, 1, 2),
                        "functions": sorted(rng.sample(fn, rng.randint(1, 3))),
                        "agreed_actions": self.pools.text(rng, 1, 1),
                        "created_at": created,
                        "updated_at": created,
                    }
                )
                links.append((sid, aid))
            if not ended:
                supervisee.supervisor = supervisor.id
                supervisee.reader = supervisor.id if kind in ("peer", "clinical") else None

        for t in range(TEAMS):
            team = self.by_team[t]
            manager, sups = team[0], team[1:4]
            next_team = self.by_team[(t + 1) % TEAMS]
            for w in team:
                if w.index == 0:
                    add(w, next_team[3], "clinical", ended=False)
                    add(w, next_team[0], "line", ended=True)
                elif w.index <= 3:
                    add(w, manager, "line", ended=False)
                    add(w, next_team[w.index], "peer" if w.kind == "peer" else "clinical", ended=True)
                else:
                    sup = sups[(w.index - 4) % 3]
                    kind = "peer" if w.kind == "peer" and sup.kind == "peer" else "clinical"
                    add(w, sup, kind, ended=False)
                    add(w, manager, "line", ended=True)
        self.copy(Agreement, agreements)
        self.copy(SupervisionSession, sessions)
        through = SupervisionSession.agreements.through
        self.copy(through, [{"supervisionsession_id": s, "agreement_id": a} for s, a in links])

    def reflections(self) -> None:
        from apps.reflections.frameworks import frameworks
        from apps.reflections.models import Reflection, ReflectionComment

        rng = self.rng
        fws = [(key, fw.prompt_keys) for key, fw in sorted(frameworks().items())]
        weights = [3 if (w.index >= 4 and w.kind == "peer") else 1 if w.index == 0 else 2 for w in self.workers]
        authors = rng.choices(self.workers, weights=weights, k=REFLECTIONS)
        perspectives = ["lived_experience", "psychosocial", "biomedical", "other"]
        receptions = ["welcomed", "negotiated", "dismissed", "not_yet", ""]
        rows, shared = [], []
        for author in authors:
            occurred = self.today - timedelta(days=int(rng.random() ** 1.3 * 1095))
            created = self.at(occurred, 9, 80)
            draft = rng.random() < 0.03
            r = rng.random()
            visibility = "private" if draft or r < 0.45 else "supervisor" if r < 0.70 else "team"
            key, prompts = rng.choice(fws)
            sections = {p: self.pools.text(rng, 1, 2) for p in prompts}
            title = rng.choice(self.pools.titles)
            perspective = rng.choice(perspectives) if rng.random() < 0.35 else ""
            published = None if draft else min(created + timedelta(minutes=rng.randint(0, 120)), self.now)
            ack_by = ack_at = None
            if (
                not draft
                and visibility != "private"
                and author.reader
                and (self.today - occurred).days > 14
                and rng.random() < 0.6
            ):
                ack_by = author.reader
                ack_at = min(published + timedelta(days=rng.randint(1, 7)), self.now)
            rid = self.uid()
            rows.append(
                {
                    "id": rid,
                    "organisation_id": self.org_id,
                    "author_id": author.id,
                    "title": title,
                    "occurred_on": occurred,
                    "framework": key,
                    "sections": sections,
                    "search_text": "\n".join([title, *sections.values()]),
                    "perspective": perspective,
                    "shared_with_team": bool(perspective) and visibility == "team",
                    "reception": rng.choice(receptions) if perspective else "",
                    "visibility": visibility,
                    "team_id": self.team_ids[author.team] if visibility == "team" else None,
                    "acknowledged_by_id": ack_by,
                    "acknowledged_at": ack_at,
                    "is_draft": draft,
                    "published_at": published,
                    "created_at": created,
                    "updated_at": ack_at or published or created,
                }
            )
            if visibility != "private" and author.reader:
                shared.append((rid, author, published))
        with indexes_built_after(Reflection):
            self.copy(Reflection, rows)
        # Sharing names people (issue 13): every entry shared with supervisors names its reader.
        self.copy(Reflection.readers.through, [{"reflection_id": rid, "user_id": a.reader} for rid, a, _ in shared])
        comments = []
        for rid, author, published in rng.sample(shared, COMMENTS):
            by = author.reader if rng.random() < 0.7 else author.id
            created = min(published + timedelta(hours=rng.randint(1, 240)), self.now)
            comments.append(
                {
                    "id": self.uid(),
                    "reflection_id": rid,
                    "author_id": by,
                    "body": self.pools.text(rng, 1, 2),
                    "created_at": created,
                    "updated_at": created,
                }
            )
        self.copy(ReflectionComment, comments)

    def boundary_notes(self) -> None:
        from apps.boundaries.models import BoundaryNote

        rng = self.rng
        categories = [c for c, _ in BoundaryNote.Category.choices]
        backlog_authors = [w for w in self.workers if w.reader == self.by_team[0][1].id]
        weights = [3 if (w.index >= 4 and w.kind == "peer") else 0.5 if w.index == 0 else 1 for w in self.workers]
        planned = [(a, "backlog") for a in backlog_authors for _ in range(QUEUE_BACKLOG_PER_SUPERVISEE)]
        planned += [(a, "") for a in rng.choices(self.workers, weights=weights, k=BOUNDARY_NOTES - len(planned))]
        rows, readers = [], []
        for author, why in planned:
            if why == "backlog":
                occurred = self.today - timedelta(days=rng.randint(0, 20))
            else:
                occurred = self.today - timedelta(days=int(rng.random() ** 1.2 * 1095))
            submitted_at = self.at(occurred, 12, 60)
            age = (self.today - occurred).days
            if why == "backlog" or (age <= 10 and rng.random() < 0.5) or not author.reader:
                status = "submitted"
            elif age <= 10:
                status = "reviewed"
            else:
                status = "reviewed" if rng.random() < 0.35 else "closed"
            reviewed_at = closed_at = None
            if status != "submitted":
                reviewed_at = min(submitted_at + timedelta(hours=rng.randint(20, 100)), self.now)
            if status == "closed":
                closed_at = min(reviewed_at + timedelta(days=rng.randint(1, 30)), self.now)
            r = rng.random()
            nid = self.uid()
            if author.reader:  # every note is shared with the supervisor it names
                readers.append({"boundarynote_id": nid, "user_id": author.reader})
            rows.append(
                {
                    "id": nid,
                    "organisation_id": self.org_id,
                    "author_id": author.id,
                    "occurred_on": occurred,
                    "category": rng.choice(categories),
                    "situation": self.pools.text(rng, 2, 3),
                    "what_i_shared": self.pools.text(rng, 1, 2),
                    "reasoning": self.pools.text(rng, 1, 2),
                    "risk": "low" if r < 0.70 else "medium" if r < 0.92 else "high",
                    "status": status,
                    "submitted_at": submitted_at,
                    "reviewer_id": author.reader if reviewed_at else None,
                    "reviewed_at": reviewed_at,
                    "response": self.pools.text(rng, 1, 2) if reviewed_at else "",
                    "follow_up_needed": bool(reviewed_at) and rng.random() < 0.2,
                    "closed_at": closed_at,
                    "created_at": submitted_at,
                    "updated_at": closed_at or reviewed_at or submitted_at,
                }
            )
        self.copy(BoundaryNote, rows)
        self.copy(BoundaryNote.readers.through, readers)

    def notifications(self) -> None:
        from apps.notifications.models import Notification

        rng = self.rng
        kinds = ["supervision_due_soon", "reflection_shared", "role_assigned", "boundary_note_reviewed"]
        rows = []
        for w in self.workers:
            for _ in range(NOTIFICATIONS_PER_WORKER):
                created = self.at(self.today - timedelta(days=rng.randint(0, 365)))
                rows.append(
                    {
                        "id": self.uid(),
                        "organisation_id": self.org_id,
                        "recipient_id": w.id,
                        "kind": rng.choice(kinds),
                        "message_template": "Something needs your attention.",
                        "link": "/",
                        "read_at": created + timedelta(hours=5) if rng.random() < 0.7 else None,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
        self.copy(Notification, rows)


@contextmanager
def indexes_built_after(*models) -> Iterator[None]:
    """Drop the indexes of ``models``' tables that back no constraint (primary and unique keys
    stay) for a bulk write inside a transaction, and build each again after it: one sort per
    index instead of an entry per row (the reflections have eight, the agreements eleven)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[])"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [[model._meta.db_table for model in models]],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)


def check_foreign_keys(models=None) -> None:
    """Every foreign key of ``models`` (by default every table), checked once in bulk (an
    anti-join per key): the rows were written without the row-by-row checks
    (``session_replication_role = replica``). A dangling one stops the run, naming the column."""
    from django.apps import apps
    from django.db import connection

    started = time.perf_counter()
    quote = connection.ops.quote_name
    broken = []
    with connection.cursor() as cursor:
        for model in models or apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for f in model._meta.concrete_fields:
                if not (f.is_relation and f.db_constraint):
                    continue
                child, parent = model._meta.db_table, f.related_model._meta.db_table
                key = f.target_field.column
                cursor.execute(
                    f"SELECT count(*) FROM {quote(child)} c WHERE c.{quote(f.column)} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {quote(parent)} p WHERE p.{quote(key)} = c.{quote(f.column)})"
                )
                (missing,) = cursor.fetchone()
                if missing:
                    broken.append(f"{child}.{f.column} → {parent}: {missing:,} rows")
    if broken:
        sys.exit("Generated rows point at nothing:\n  " + "\n  ".join(broken))
    print(f"  {'foreign keys checked':<24} {time.perf_counter() - started:6.1f} s", flush=True)


def vacuum_analyze() -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {'vacuum analyze':<24} {time.perf_counter() - started:6.1f} s", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (to try it quickly)")
    parser.add_argument(
        "--reflections", type=int, help=f"reflections in the organisation (default {REFLECTIONS:,}; the growth table)"
    )
    parser.add_argument(
        "--orgs", type=int, default=1, help="organisations of the same shape (docs/scaling.md: 10 × 2,000 workers)"
    )
    args = parser.parse_args(argv)

    import django

    # Generation is one long transaction with Python work between its COPYs, not a web request:
    # no statement or idle-in-transaction timeout (settings DB_*_TIMEOUT).
    os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
    os.environ.setdefault("DB_IDLE_IN_TRANSACTION_TIMEOUT", "0")
    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The generator writes with COPY: it needs PostgreSQL (DATABASE_URL=postgres://...).")
    started = time.perf_counter()
    print(f"generating into {connection.settings_dict['NAME']} (generator v{GENERATOR_VERSION}, seed {args.seed})")
    counts: dict[str, int] = {}
    for org in range(args.orgs):
        if args.orgs > 1:
            print(f" organisation {org + 1} of {args.orgs}", flush=True)
        report = Generator(args.seed, args.scale, org=org, reflections=args.reflections).run()
        for label, n in report["counts"].items():
            counts[label] = counts.get(label, 0) + n
    check_foreign_keys()
    vacuum_analyze()
    for label, n in counts.items():
        print(f"  {label:<40} {n:>8,}")
    print(f"generated in {time.perf_counter() - started:.1f} s (today = {report['today']})")


if __name__ == "__main__":
    main()
