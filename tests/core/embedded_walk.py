"""Run inside ``manage.py shell`` on the embedded default (SQLite, demo data): every page a demo
person can reach by following links, and every API list and detail, as each demo person.
Prints one JSON line: the pages and API reads made, the 5xx found, and the required competencies
of each role definition as the SQL annotation and as the Python rule compute them."""

import json
import re
from collections import deque
from urllib.parse import urlsplit

from django.test import Client

from apps.accounts.models import User
from apps.competencies.selectors import effective_requirement_sets, with_required_competency_ids
from apps.roles.models import RoleDefinition

SKIP = ("/accounts/logout", "/static/", "/admin/", "/api/schema", "/api/docs")
API_ROOTS = (
    "/api/v1/me/",
    "/api/v1/teams/",
    "/api/v1/workers/",
    "/api/v1/role-definitions/",
    "/api/v1/assignments/",
    "/api/v1/reflections/",
    "/api/v1/boundary-notes/",
    "/api/v1/agreements/",
    "/api/v1/sessions/",
    "/api/v1/notifications/",
    "/api/v1/check-ins/",
    "/api/v1/assessments/",
    "/api/v1/training-records/",
)


def walk(client: Client, limit: int = 400) -> tuple[int, list[tuple[int, str]]]:
    seen: set[str] = set()
    queue, errors = deque(["/"]), []
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if response.status_code >= 500:
            errors.append((response.status_code, path))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not re.search(r"page=\d{2,}", target):
                queue.append(target)
    return len(seen), errors


def read_api(client: Client) -> tuple[int, list[tuple[int, str]]]:
    reads, errors = 0, []
    for root in API_ROOTS:
        response = client.get(root, HTTP_ACCEPT="application/json")
        reads += 1
        if response.status_code >= 500:
            errors.append((response.status_code, root))
            continue
        for item in (response.json().get("results", []) if response.status_code == 200 else [])[:5]:
            detail = client.get(f"{root}{item['id']}/", HTTP_ACCEPT="application/json")
            reads += 1
            if detail.status_code >= 500:
                errors.append((detail.status_code, f"{root}{item['id']}/"))
    return reads, errors


def main() -> None:
    report: dict = {"pages": 0, "api": 0, "errors": [], "requirements": {}}
    for user in User.objects.filter(username__startswith="demo-").order_by("username"):
        client = Client()
        client.force_login(user)
        pages, page_errors = walk(client)
        reads, api_errors = read_api(client)
        report["pages"] += pages
        report["api"] += reads
        report["errors"] += [[user.username, status, path] for status, path in page_errors + api_errors]
    definitions = list(with_required_competency_ids(RoleDefinition.objects.order_by("pk")))
    python_rule = effective_requirement_sets(definitions)
    report["requirements"] = {
        str(d.pk): {"sql": [str(i) for i in d.required_competencies], "python": [str(c.pk) for c in python_rule[d.pk]]}
        for d in definitions
    }
    print("WALK " + json.dumps(report))


main()
