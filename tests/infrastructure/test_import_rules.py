"""The import rules of DESIGN §1, read from the source text itself: the domain is pure, and only
infrastructure touches the library's concrete stores."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The library's concrete stores: only infrastructure may choose one.
CONCRETE_STORES = ("eventsourcing.postgres", "eventsourcing.sqlite")

#: What the pure domain may never import: a store, serialisation, or a database driver.
IMPURE = ("eventsourcing", "orjson", "psycopg", "sqlite3")


def imported_modules(source: str) -> set[str]:
    """Every absolute module a piece of source imports, statically or by a literal name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            # `from eventsourcing import postgres` imports the submodule too.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """`path: module` for every import under `package` of a forbidden module or its submodules."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in sorted(imported_modules(path.read_text(encoding="utf-8"))):
            if any(module == name or module.startswith(f"{name}.") for name in forbidden):
                found.append(f"{path.relative_to(ROOT)}: {module}")
    return found


def source_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


class TestTheScannerSeesImports:
    """The rules below would be empty promises if the scanner missed an import form."""

    @pytest.mark.parametrize(
        ("source", "module"),
        [
            ("import eventsourcing.postgres", "eventsourcing.postgres"),
            ("import eventsourcing.sqlite as store", "eventsourcing.sqlite"),
            ("from eventsourcing.postgres import PostgresDatastore", "eventsourcing.postgres"),
            ("from eventsourcing import sqlite", "eventsourcing.sqlite"),
            ("def f():\n    import orjson\n", "orjson"),
            ("try:\n    import psycopg\nexcept ImportError:\n    pass\n", "psycopg"),
            ("import importlib\nimportlib.import_module('sqlite3')", "sqlite3"),
            ("__import__('eventsourcing')", "eventsourcing"),
        ],
    )
    def test_every_import_form_is_found(self, source: str, module: str) -> None:
        """Plain, aliased, from-, nested, guarded and literal dynamic imports are all seen."""
        assert module in imported_modules(source)

    def test_relative_imports_are_not_mistaken_for_the_library(self) -> None:
        """`from .sqlite import x` inside a package is not the library's SQLite store."""
        assert not any(m.startswith("eventsourcing") for m in imported_modules("from . import x"))


class TestTheCommandAndReadSidesNeverChooseAStore:
    """application/ and projections/ reach the store only through the library's abstractions."""

    @pytest.mark.parametrize("package", ["application", "projections"])
    def test_no_import_of_the_librarys_postgres_or_sqlite_modules(self, package: str) -> None:
        """Neither side imports eventsourcing.postgres or eventsourcing.sqlite."""
        assert source_files(package), f"no Python files found under {package}/"
        assert violations(package, CONCRETE_STORES) == []


class TestTheDomainIsPure:
    """domain/ is plain business model: no store, no serialisation, no database driver."""

    def test_no_import_of_eventsourcing_orjson_psycopg_or_sqlite3(self) -> None:
        """Nothing under domain/ imports eventsourcing, orjson, psycopg or sqlite3."""
        assert source_files("domain"), "no Python files found under domain/"
        assert violations("domain", IMPURE) == []
