"""The import graph points one way: common <- products <- emails <- search <- storefront.

Catalog code never knows search exists (it announces changes through its own
signals); emails know the catalog (back-in-stock alerts); search knows both
(it indexes products and emails staff when a rebuild fails); the storefront
sits on top. Every import counts, at module level or inside a function, tests
included (an app's tests sit in its layer). And no two modules import each
other, directly or around a loop.
"""
import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

BACKEND = Path(__file__).resolve().parents[1]
LAYERS = ["common", "products", "emails", "search", "storefront"]
# The project package wires everything together; `tests/` holds project-wide tests.
TOP = {"config", "tests", "conftest"}


def _module_name(path):
    parts = list(path.relative_to(BACKEND).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    return {
        _module_name(path): path for path in BACKEND.rglob("*.py")
        if "migrations" not in path.parts and path.name != "manage.py"
    }


def _imports(path, known):
    """Project modules `path` imports (`from a.b import c` counts a.b.c when that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def _graph():
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def _layer(module):
    app = module.split(".")[0]
    return LAYERS.index(app) if app in LAYERS else None


def test_apps_only_import_the_layers_below_them():
    upward = []
    for module, imported in _graph().items():
        own = _layer(module)
        for target in imported:
            if module.split(".")[0] in TOP or _layer(target) is None:
                assert target.split(".")[0] != "tests" or module.split(".")[0] in TOP, (module, target)
                continue
            if own is None or _layer(target) > own:
                upward.append(f"{module} imports {target}")
    assert upward == []


def _cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other():
    graph = _graph()
    # A package's __init__ and its own modules are one unit; not a cycle between modules.
    simplified = {module: {t for t in targets if not module.startswith(t + ".")} for module, targets in graph.items()}
    assert _cycles(simplified) == []


def test_the_check_sees_a_real_violation():
    """The checks themselves: an upward import and a loop are both caught."""
    assert _layer("products.services") < _layer("search.indexing.outbox")
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert "search.indexing.outbox" in _graph()["search.indexing.processor"]
