"""Measure the import graph of apps/ (issue 14): imports between apps, pairs of apps that import
each other, imports that go up the layers of pyproject.toml's contract, module-level cycles and
imports hidden inside functions. Prints Markdown (docs/architecture.md keeps the picture).

    .venv/bin/python scripts/import_graph.py
"""

import ast
import pathlib
import sys
import tomllib
from collections import Counter

import grimp

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def layer_index() -> dict[str, int]:
    """App -> layer number (0 = bottom) from the layers contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    return {
        app.strip(): len(layers) - 1 - position
        for position, layer in enumerate(layers)
        for app in layer.replace(":", "|").split("|")
    }


def direct_imports(graph: grimp.ImportGraph, a: str, b: str) -> list[dict]:
    found = []
    for expression in (f"apps.{a}.** -> apps.{b}.**", f"apps.{a} -> apps.{b}.**", f"apps.{a}.** -> apps.{b}"):
        for edge in graph.find_matching_direct_imports(import_expression=expression):
            found += graph.get_import_details(importer=edge["importer"], imported=edge["imported"])
    return found


def module_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def in_function_imports() -> Counter:
    """Imports of apps.* written inside a function body, per app (each import statement once)."""
    counts: Counter = Counter()
    for path in sorted((ROOT / "apps").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        seen: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and id(inner) not in seen:
                    seen.add(id(inner))
                    names = [inner.module or ""] if isinstance(inner, ast.ImportFrom) else [a.name for a in inner.names]
                    if any(name.startswith("apps.") for name in names):
                        counts[path.relative_to(ROOT / "apps").parts[0]] += 1
    return counts


def main() -> None:
    graph = grimp.build_graph("apps", include_external_packages=False)
    apps = sorted(module.split(".")[1] for module in graph.find_children("apps"))
    layers = layer_index()
    edges = {(a, b): direct_imports(graph, a, b) for a in apps for b in apps if a != b}
    edges = {pair: details for pair, details in edges.items() if details}

    print(f"## Imports between apps ({len(edges)} app pairs, {sum(map(len, edges.values()))} import lines)\n")
    print("| app | imports (number of import lines) |\n|---|---|")
    for a in apps:
        targets = ", ".join(f"{b} ({len(edges[(a, b)])})" for b in apps if (a, b) in edges)
        print(f"| {a} | {targets or '—'} |")

    both_ways = sorted((a, b) for (a, b) in edges if a < b and (b, a) in edges)
    print(f"\n## Pairs of apps importing each other ({len(both_ways)})\n")
    for a, b in both_ways:
        print(f"- {a} ↔ {b}")

    upward = sorted((a, b) for (a, b) in edges if layers.get(a, 99) < layers.get(b, -1))
    print(f"\n## Imports that go up a layer ({len(upward)} app pairs)\n")
    for a, b in upward:
        for detail in edges[(a, b)]:
            print(f"- `{detail['importer']}` → `{detail['imported']}` (l.{detail['line_number']})")

    sideways = sorted((a, b) for (a, b) in edges if a in layers and layers[a] == layers.get(b))
    print(f"\n## Imports between apps of one layer ({len(sideways)} app pairs; named or debt in pyproject.toml)\n")
    for a, b in sideways:
        modules = sorted({f"`{d['importer']}` → `{d['imported']}`" for d in edges[(a, b)]})
        print(f"- {a} → {b}: " + ", ".join(modules))

    cycles = module_cycles(graph)
    print(f"\n## Module-level import cycles ({len(cycles)})\n")
    for component in cycles:
        print("- " + " ↔ ".join(f"`{module}`" for module in component))

    hidden = in_function_imports()
    print(f"\n## Imports of apps.* inside functions ({sum(hidden.values())})\n")
    print(", ".join(f"{app} {count}" for app, count in hidden.most_common()))


if __name__ == "__main__":
    main()
