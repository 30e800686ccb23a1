"""The package's layout by role: no import circles, CMS packages reached only through declarations.

The import graph counts every import statement of every module of ``newscrawl/``: top-level,
under ``TYPE_CHECKING`` and inside functions alike, since a circle closed by a deferred import is
still a circle of design. ``from package import name`` counts as an import of ``package.name``
when that is a module, else of ``package``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newscrawl"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The ``newscrawl`` modules that module ``name`` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {imported for imported in found if imported in MODULES and imported != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def test_there_is_no_import_circle():
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            pytest.fail("import circle: " + " -> ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        for imported in sorted(GRAPH[name]):
            visit(imported, [*path, name])
        done.add(name)

    for name in MODULES:
        visit(name, [])


def test_only_cms_and_site_declarations_import_a_cms_package():
    cms_packages = {name for name in MODULES if name.startswith("newscrawl.cms.")}
    allowed = ("newscrawl.cms", "newscrawl.sites")
    offenders = {
        name: sorted(GRAPH[name] & cms_packages)
        for name in MODULES
        if not name.startswith(allowed) and GRAPH[name] & cms_packages
    }
    assert offenders == {}


def test_the_installed_package_holds_no_test_tooling():
    assert not (PACKAGE / "mirror").exists()
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("tests"), name
                assert node.module not in {"http.server", "socketserver"}, name


def test_the_graph_sees_deferred_and_type_only_imports():
    # The spider module imports runs.ledger only under TYPE_CHECKING: it must still be an edge.
    assert "newscrawl.runs.ledger" in GRAPH["newscrawl.spiders.news"]
    assert "newscrawl.cms" in GRAPH["newscrawl.cms.iransamaneh"]
