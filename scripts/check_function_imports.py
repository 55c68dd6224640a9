"""In-function imports of ``apps.*`` must say why they are not at module level (issue 14).

An import inside a function hides a dependency from readers and from the import graph's
first glance; it is allowed only where a comment on the import line, or on the comment lines
right above it, says why (a cycle the layers cannot break, a heavy optional module, an app
registry not ready yet). ``AppConfig.ready`` is exempt: importing models and registering into
the registries there is what Django prescribes. Prints each undocumented one; exits 1 if any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def undocumented(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "ready" and path.name == "apps.py":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("apps"):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names if alias.name.startswith("apps")]
            else:
                continue
            if not names or _has_reason(lines, node.lineno, node.end_lineno or node.lineno):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: import of {names[0]} inside {function.name}()")
    return sorted(set(found))


def _has_reason(lines: list[str], first: int, last: int) -> bool:
    if any("#" in lines[number - 1] for number in range(first, last + 1)):
        return True
    above = first - 2
    return above >= 0 and lines[above].strip().startswith("#")


def main() -> int:
    problems = [
        problem
        for path in sorted((ROOT / "apps").rglob("*.py"))
        if "migrations" not in path.parts
        for problem in undocumented(path)
    ]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} in-function imports of apps.* without a reason", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
