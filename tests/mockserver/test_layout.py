"""The mock server's layout rules: areas declare their operations, machinery names none."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from openai_kit.mockserver._stores import Store
from openai_kit.mockserver.api import AREAS

ROOT = Path(__file__).resolve().parents[2]
MOCKSERVER = ROOT / "mockserver"
AREA_FREE = sorted(
    p for p in MOCKSERVER.rglob("*.py") if "api" not in p.relative_to(MOCKSERVER).parts
)
NAMES = {op.name for area in AREAS for op in area.operations}


def _literals(tree: ast.Module) -> set[str]:
    """String constants in code, docstrings left out."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    }


@pytest.mark.parametrize("module", AREA_FREE, ids=lambda p: str(p.relative_to(MOCKSERVER)))
def test_area_free_machinery_names_no_operation(module: Path) -> None:
    named = _literals(ast.parse(module.read_text())) & NAMES
    assert not named, f"{module.name} keys behaviour on operation names: {sorted(named)}"


def test_areas_have_unique_names_operations_and_stores() -> None:
    names = [area.name for area in AREAS]
    assert len(set(names)) == len(names)
    operations = [op.name for area in AREAS for op in area.operations]
    assert len(set(operations)) == len(operations)
    stores = [kind for area in AREAS for kind in area.stores]
    assert len(set(stores)) == len(stores)
    assert all(issubclass(kind, Store) and kind.area for kind in stores)


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.name)
def test_every_area_is_a_package_with_its_tests(area: object) -> None:
    name = area.name
    assert (MOCKSERVER / "api" / name / "__init__.py").is_file()
    assert any((ROOT / "tests" / "mockserver" / name).glob("test_*.py"))


@pytest.mark.parametrize(
    "module", sorted(MOCKSERVER.rglob("*.py")), ids=lambda p: str(p.relative_to(MOCKSERVER))
)
def test_modules_stay_small(module: Path) -> None:
    assert len(module.read_text().splitlines()) <= 500
