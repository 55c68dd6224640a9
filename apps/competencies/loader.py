"""Reading a competency framework file (YAML or CSV) and writing it to the database idempotently.

Two steps, kept apart so that the data migration can use the same code with historical models:

* :func:`parse_framework` turns file text into one validated, normalised dict (or raises
  :class:`FrameworkFileError` naming the line or entry at fault);
* :func:`sync_framework` writes that dict, keyed by natural keys (framework slug within its
  organisation, domain and competency codes within the framework). It compares before it
  writes, so loading the same file twice performs no write at all. A competency missing from a
  newer file is retired (``is_active=False``), never deleted: assessments refer to it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

LEVELS = ("foundation", "practitioner", "advanced")
# What a competency is about (issue 18): the worker's practice (assessed by the worker and signed
# off by their chosen assessor), the worker's own wellbeing (never signed off, seen by nobody
# else), or what the organisation must provide (recorded for a team or the organisation).
KINDS = ("practice", "wellbeing", "organisational")
MAX_FILE_BYTES = 1024 * 1024
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "pspteam-peer-framework.yaml"
CSV_COLUMNS = (
    "framework_slug",
    "framework_name",
    "framework_version",
    "framework_source",
    "framework_description",
    "domain_code",
    "domain_title",
    "code",
    "title",
    "description",
    "level",
)
# Optional, after the required ones: where the framework comes from, and its licence (issue 17).
CSV_OPTIONAL_COLUMNS = (
    "framework_source_title",
    "framework_source_publisher",
    "framework_source_year",
    "framework_source_url",
    "framework_licence",
    "kind",
)
LIMITS = {"slug": 80, "name": 200, "version": 40, "code": 20, "title": 200}
REFERENCE_LIMITS = {"title": 300, "publisher": 200, "url": 500, "licence": 300}
SHIPPED_FILES = (
    SHIPPED_FILE,
    Path(__file__).resolve().parent / "data" / "samhsa-peer-core-competencies.yaml",
)


class FrameworkFileError(ValueError):
    """The file is not a valid framework; the message says where."""


def _text(value, where: str, field: str, *, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise FrameworkFileError(f"{where}: “{field}” must be text.")
    value = " ".join(str(value).split())  # YAML folded text and CSV cells alike: one line
    if required and not value:
        raise FrameworkFileError(f"{where}: “{field}” is required.")
    limit = LIMITS.get(field)
    if limit and len(value) > limit:
        raise FrameworkFileError(f"{where}: “{field}” is longer than {limit} characters.")
    return value


def _validate(raw: dict) -> dict:
    framework = raw.get("framework")
    if not isinstance(framework, dict):
        raise FrameworkFileError("The file must start with a “framework” section.")
    slug = _text(framework.get("slug"), "framework", "slug")
    if not all(c.isalnum() or c in "-_" for c in slug):
        raise FrameworkFileError("framework: “slug” may hold only letters, digits, hyphens and underscores.")
    data: dict[str, Any] = {
        "slug": slug.lower(),
        "name": _text(framework.get("name"), "framework", "name"),
        "version": _text(framework.get("version"), "framework", "version"),
        "source": _text(framework.get("source"), "framework", "source"),
        "description": _text(framework.get("description"), "framework", "description", required=False),
        "domains": [],
    }
    data.update(_reference(framework))
    domains = raw.get("domains")
    if not isinstance(domains, list) or not domains:
        raise FrameworkFileError("The file must list at least one domain under “domains”.")
    domain_codes, competency_codes = set(), set()
    for d_index, domain in enumerate(domains, start=1):
        if not isinstance(domain, dict):
            raise FrameworkFileError(f"domain {d_index}: must be a mapping with code, title and competencies.")
        where = f"domain {d_index}"
        code = _text(domain.get("code"), where, "code")
        if code in domain_codes:
            raise FrameworkFileError(f"{where}: the code “{code}” is used twice.")
        domain_codes.add(code)
        domain_kind = _kind(domain.get("kind"), where, "practice")
        informed_by = _text(domain.get("informed_by"), where, "informed_by", required=False)
        if len(informed_by) > 1000:
            raise FrameworkFileError(f"{where}: “informed_by” is longer than 1000 characters.")
        entry: dict[str, Any] = {
            "code": code,
            "title": _text(domain.get("title"), where, "title"),
            "informed_by": informed_by,
            "competencies": [],
        }
        competencies = domain.get("competencies")
        if not isinstance(competencies, list) or not competencies:
            raise FrameworkFileError(f"{where} ({code}): list at least one competency.")
        for c_index, competency in enumerate(competencies, start=1):
            c_where = f"{where} ({code}), competency {c_index}"
            if not isinstance(competency, dict):
                raise FrameworkFileError(f"{c_where}: must be a mapping with code, title, description and level.")
            c_code = _text(competency.get("code"), c_where, "code")
            if c_code in competency_codes:
                raise FrameworkFileError(f"{c_where}: the code “{c_code}” is used twice.")
            competency_codes.add(c_code)
            level = _text(competency.get("level"), c_where, "level").lower()
            if level not in LEVELS:
                raise FrameworkFileError(f"{c_where}: “level” must be one of {', '.join(LEVELS)}.")
            entry["competencies"].append(
                {
                    "code": c_code,
                    "title": _text(competency.get("title"), c_where, "title"),
                    "description": _text(competency.get("description"), c_where, "description"),
                    "level": level,
                    "kind": _kind(competency.get("kind"), c_where, domain_kind),
                }
            )
        data["domains"].append(entry)
    return data


def _kind(value, where: str, default: str) -> str:
    """A competency's (or a domain's default) ``kind``: one of :data:`KINDS`, else ``default``."""
    kind = _text(value, where, "kind", required=False).lower() or default
    if kind not in KINDS:
        raise FrameworkFileError(f"{where}: “kind” must be one of {', '.join(KINDS)}.")
    return kind


def _reference(framework: dict) -> dict[str, Any]:
    """The optional ``reference`` (title, publisher, year, url) and ``licence`` of a framework."""
    reference = framework.get("reference") or {}
    if not isinstance(reference, dict):
        raise FrameworkFileError("framework: “reference” must be a mapping with title, publisher, year and url.")
    values: dict[str, Any] = {}
    for key in ("title", "publisher", "url"):
        value = _text(reference.get(key), "framework reference", key, required=False)
        if len(value) > REFERENCE_LIMITS[key]:
            raise FrameworkFileError(f"framework reference: “{key}” is longer than {REFERENCE_LIMITS[key]} characters.")
        values[f"source_{key}"] = value
    if values["source_url"] and not values["source_url"].startswith(("https://", "http://")):
        raise FrameworkFileError("framework reference: “url” must start with https:// or http://.")
    year = reference.get("year")
    if year in (None, ""):
        values["source_year"] = None
    else:
        try:
            values["source_year"] = int(str(year).strip())
        except ValueError:
            raise FrameworkFileError("framework reference: “year” must be a year, e.g. 2015.") from None
        if not 1900 <= values["source_year"] <= 2100:
            raise FrameworkFileError("framework reference: “year” must be a year, e.g. 2015.")
    licence = _text(framework.get("licence"), "framework", "licence", required=False)
    if len(licence) > REFERENCE_LIMITS["licence"]:
        raise FrameworkFileError(f"framework: “licence” is longer than {REFERENCE_LIMITS['licence']} characters.")
    values["licence"] = licence
    return values


def _csv_to_raw(text: str) -> dict:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FrameworkFileError(f"The CSV header lacks: {', '.join(missing)}.")
    framework = None
    domains: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        this: dict[str, Any] = {
            "slug": row["framework_slug"],
            "name": row["framework_name"],
            "version": row["framework_version"],
            "source": row["framework_source"],
            "description": row["framework_description"],
            "licence": row.get("framework_licence") or "",
            "reference": {
                key: row.get(f"framework_source_{key}") or "" for key in ("title", "publisher", "year", "url")
            },
        }
        if framework is None:
            framework = this
        elif any(v and v != framework[k] for k, v in this.items() if k != "reference") or (
            any(this["reference"].values()) and this["reference"] != framework["reference"]
        ):
            raise FrameworkFileError(f"line {line}: the framework columns differ from the first row's.")
        domain = domains.setdefault(
            row["domain_code"], {"code": row["domain_code"], "title": row["domain_title"], "competencies": []}
        )
        domain["competencies"].append(
            {**{k: row[k] for k in ("code", "title", "description", "level")}, "kind": row.get("kind") or ""}
        )
    if framework is None:
        raise FrameworkFileError("The CSV file has no rows.")
    return {"framework": framework, "domains": list(domains.values())}


def parse_framework(content: str | bytes, *, fmt: str) -> dict:
    """Validate a framework file's text (``fmt`` is ``yaml`` or ``csv``) into a normalised dict."""
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise FrameworkFileError("The file is larger than 1 MB.")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FrameworkFileError("The file is not UTF-8 text.") from None
    if fmt == "csv":
        raw = _csv_to_raw(content)
    elif fmt in ("yaml", "yml"):
        try:
            raw = yaml.safe_load(content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            raise FrameworkFileError(f"The YAML could not be read{where}.") from None
        if not isinstance(raw, dict):
            raise FrameworkFileError("The file must start with a “framework” section.")
    else:
        raise FrameworkFileError("Use a .yaml, .yml or .csv file.")
    return _validate(raw)


def format_for(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


def parse_framework_file(path) -> dict:
    path = Path(path)
    return parse_framework(path.read_bytes(), fmt=format_for(path.name))


def _update(instance, values: dict) -> bool:
    """Set changed attributes only; save (and report a change) only if something differs."""
    changed = [field for field, value in values.items() if getattr(instance, field) != value]
    if changed:
        for field in changed:
            setattr(instance, field, values[field])
        instance.save(update_fields=changed)
    return bool(changed)


REFERENCE_FIELDS = ("source_title", "source_publisher", "source_year", "source_url", "licence")


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def sync_framework(data: dict, *, organisation_id, Framework, Domain, Competency) -> tuple[object, int]:  # noqa: N803
    """Write ``data`` (from :func:`parse_framework`); returns (framework, number of rows changed).

    Call inside a transaction. Model classes are passed in so that a migration can use its
    historical models.
    """
    changes = 0
    framework_values = {
        k: data[k]
        for k in ("name", "version", "source", "description", *REFERENCE_FIELDS)
        # A migration's historical model may predate the reference fields (0002 runs before 0004).
        if k in data and _has_field(Framework, k)
    }
    framework = Framework.objects.filter(organisation_id=organisation_id, slug=data["slug"]).first()
    if framework is None:
        framework = Framework.objects.create(organisation_id=organisation_id, slug=data["slug"], **framework_values)
        changes += 1
    else:
        changes += _update(framework, framework_values)

    domain_has_informed_by = _has_field(Domain, "informed_by")
    competency_has_kind = _has_field(Competency, "kind")
    domains = {d.code: d for d in Domain.objects.filter(framework=framework)}
    competencies = {c.code: c for c in Competency.objects.filter(framework=framework)}
    seen = set()
    position = 0
    for d_position, entry in enumerate(data["domains"]):
        domain = domains.get(entry["code"])
        if domain is None:
            domain = Domain.objects.create(
                framework=framework, code=entry["code"], title=entry["title"], position=d_position
            )
            changes += 1
        else:
            changes += _update(domain, {"title": entry["title"], "position": d_position})
        # A migration's historical model may predate the fields of issue 18 (kind, informed_by).
        if domain_has_informed_by:
            changes += _update(domain, {"informed_by": entry.get("informed_by", "")})
        for item in entry["competencies"]:
            position += 1
            seen.add(item["code"])
            values = {
                "domain_id": domain.pk,
                "title": item["title"],
                "description": item["description"],
                "level": item["level"],
                "position": position,
                "is_active": True,
            }
            if competency_has_kind:
                values["kind"] = item.get("kind", "practice")
            competency = competencies.get(item["code"])
            if competency is None:
                Competency.objects.create(framework=framework, code=item["code"], **values)
                changes += 1
            else:
                changes += _update(competency, values)
    for code, competency in competencies.items():
        if code not in seen and competency.is_active:
            changes += _update(competency, {"is_active": False})
    return framework, changes


def sync_framework_now(data: dict, *, organisation_id) -> tuple[Any, int]:
    """:func:`sync_framework` with today's models (the service and the management command; only
    the data migration passes its historical ones)."""
    # Imported here: migration 0002 imports this module, and must not need today's models.
    from apps.competencies.models import Competency, Domain, Framework

    return sync_framework(
        data, organisation_id=organisation_id, Framework=Framework, Domain=Domain, Competency=Competency
    )
