"""``python -m benchmarks.structure [FOLDER]``: figures of the code's layout, read from the
imports with ``ast`` (nothing is run): import cycles between modules and between packages,
imports of the project inside functions, and the largest folder. import-linter enforces the
layers in ``make test``; this prints the figures behind them, also for an older checkout."""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

PACKAGES = ("bot", "actions")


def modules(root: Path) -> Dict[str, Path]:
    found = {}
    for base in PACKAGES:
        for path in (root / base).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _resolve(name: str, known: Dict[str, Path]) -> Optional[str]:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(known: Dict[str, Path]) -> tuple[Dict[str, Set[str]], List[str]]:
    """Each module's project imports, and where an import sits inside a function or class."""
    edges: Dict[str, Set[str]] = defaultdict(set)
    nested: List[str] = []
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = {_resolve(f"{node.module}.{alias.name}", known) for alias in node.names}
            elif isinstance(node, ast.Import):
                targets = {_resolve(alias.name, known) for alias in node.names}
            else:
                continue
            targets -= {None, name}
            if targets and node.col_offset > 0:
                nested.append(f"{path}:{node.lineno}")
            edges[name] |= {t for t in targets if t}
    return edges, nested


def cycles(graph: Dict[str, Set[str]], nodes: Iterable[str]) -> List[List[str]]:
    """Groups of nodes that reach each other (strongly connected, more than one node)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    groups: List[List[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for node in nodes:
        if node not in index:
            visit(node)
    return groups


def package_of(module: str, root: Path) -> str:
    parts = module.split(".")
    if parts[0] != "bot":
        return parts[0]
    return ".".join(parts[:2]) if len(parts) > 1 and (root / parts[0] / parts[1]).is_dir() else "bot"


def main(argv: List[str]) -> int:
    root = Path(argv[0]) if argv else Path(".")
    known = modules(root)
    edges, nested = imports(known)
    package_edges: Dict[str, Set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            if package_of(source, root) != package_of(target, root):
                package_edges[package_of(source, root)].add(package_of(target, root))
    folders: Dict[Path, int] = defaultdict(int)
    for path in known.values():
        folders[path.parent.relative_to(root)] += 1
    largest = max(folders.items(), key=lambda item: item[1])
    module_cycles = cycles(edges, sorted(known))
    package_cycles = cycles(package_edges, sorted(package_edges))
    print(f"modules: {len(known)} in {len(folders)} folders; largest folder: {largest[0]} ({largest[1]} modules)")
    print(f"import cycles between modules: {len(module_cycles)}")
    print(f"import cycles between packages: {len(package_cycles)}"
          + "".join(f"\n    {' '.join(group)}" for group in package_cycles))
    print(f"project imports inside a function: {len(nested)}" + "".join(f"\n    {where}" for where in nested))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
