"""The distribution's shape: package list, public surface, lazy imports, lean production deps."""

from __future__ import annotations

import importlib.metadata
import json
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import openai_kit

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT / "tests"
    )
    return result.stdout


def _setup_module() -> Any:
    return runpy.run_path(str(ROOT / "setup.py"), run_name="setup")


def test_every_folder_of_python_code_is_a_discovered_package() -> None:
    """A subpackage added under a mapped folder ships without editing pyproject.toml,
    as long as it has an ``__init__.py``: a folder of modules without one would be left out."""
    discovered = set(_setup_module()["mapped_packages"]())
    expected = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        base = ROOT / folder
        for module in base.rglob("*.py"):
            if "__pycache__" in module.parts:
                continue
            relative = module.parent.relative_to(base).parts
            expected.add(".".join((package, *relative)))
    assert sorted(discovered) == sorted(expected)
    assert "packages" not in SETUPTOOLS, "packages are discovered by setup.py, not listed"


def test_every_data_file_of_the_package_ships() -> None:
    """A file the code reads at run time (the dashboard's page, the model catalogue)
    is package data: a wheel without it would fail where the checkout works."""
    patterns = SETUPTOOLS["package-data"]
    missing = []
    for package, folder in SETUPTOOLS["package-dir"].items():
        base = ROOT / folder
        for path in base.rglob("*"):
            if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(base)
            owner = ".".join((package, *relative.parent.parts))
            declared = [
                (pkg, pattern)
                for pkg, globs in patterns.items()
                for pattern in globs
                if owner.startswith(pkg)
            ]
            inside = [
                path.relative_to(ROOT / folder / Path(*pkg.split(".")[len(package.split(".")) :]))
                for pkg, _ in declared
            ]
            if not any(
                rel.match(pattern) for rel, (_, pattern) in zip(inside, declared, strict=True)
            ):
                missing.append(str(path.relative_to(ROOT)))
    assert missing == [], "declare these in [tool.setuptools.package-data]"


def test_production_dependencies_stay_lean() -> None:
    names = {
        dep.split(">")[0].split("<")[0].split("=")[0].strip().lower()
        for dep in PYPROJECT["project"]["dependencies"]
    }
    assert names == {"httpx", "pydantic", "typing-extensions"}


def _names(requirements: list[str]) -> set[str]:
    return {
        req.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        for req in requirements
    }


def test_the_mock_and_testing_extras_bring_no_other_pytest_plugin() -> None:
    # A package with a pytest11 entry point loads into every downstream run (faker's did,
    # with its own faker fixture): the extras hold none but pytest itself and vcrpy.
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert _names(extras["mock"]) == {"starlette", "uvicorn", "pillow", "av"}
    assert _names(extras["testing"]) == {"openai-kit", "pytest", "vcrpy", "pyyaml", "anyio"}
    # anyio's plugin only runs tests marked anyio; none of the others may bring one
    for name in _names(extras["mock"]) | {"vcrpy", "pyyaml"}:
        entry_points = importlib.metadata.distribution(name).entry_points
        assert not [ep for ep in entry_points if ep.group == "pytest11"], name


def test_generated_content_imports_no_text_generation_package() -> None:
    loaded = json.loads(
        _run(
            "import json, sys\n"
            "from openai_kit.mockserver import MockServer\n"
            "client = MockServer(seed=3).client()\n"
            "client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': 'hi'}],"
            " response_format={'type': 'json_schema', 'json_schema': {'name': 'p', 'schema': {'type': 'object',"
            " 'properties': {'city': {'type': 'string'}, 'color': {'type': 'string'}}}}})\n"
            "print(json.dumps(sorted(sys.modules)))"
        )
    )
    assert "faker" not in loaded


def test_public_names_are_sorted_complete_and_rewritten() -> None:
    def isort_style(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert openai_kit.__all__ == sorted(set(openai_kit.__all__), key=isort_style)
    design_names = {
        "OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI", "OpenAIError",
        "MutuallyExclusiveAuthError", "APIError", "APIStatusError", "APIConnectionError",
        "APITimeoutError", "APIResponseValidationError", "BadRequestError", "AuthenticationError",
        "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError",
        "RateLimitError", "InternalServerError", "NotGiven", "NOT_GIVEN", "not_given", "Omit",
        "omit", "Timeout",
    }  # fmt: skip
    assert design_names <= set(openai_kit.__all__)
    for name in openai_kit.__all__:
        value = getattr(openai_kit, name)
        if isinstance(value, type) and value.__module__.startswith("openai_kit"):
            assert value.__module__ == "openai_kit", name


def test_import_and_construct_load_no_resource_type_or_pydantic() -> None:
    loaded = json.loads(
        _run(
            "import json, sys, openai_kit\n"
            "openai_kit.OpenAI(api_key='k'); openai_kit.AsyncAzureOpenAI(api_key='k',"
            " api_version='2024-10-21', azure_endpoint='https://x.example')\n"
            "print(json.dumps(sorted(sys.modules)))"
        )
    )
    assert not [m for m in loaded if m.startswith(("openai_kit.types", "openai_kit.resources"))]
    for heavy in ("pydantic", "starlette", "uvicorn", "faker", "vcr", "pytest"):
        assert heavy not in loaded, heavy


def test_first_resource_use_loads_only_its_own_types() -> None:
    loaded = json.loads(
        _run(
            "import json, sys, openai_kit\n"
            "openai_kit.OpenAI(api_key='k').models\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('openai_kit.types'))))"
        )
    )
    assert "openai_kit.types.model" in loaded
    assert not [m for m in loaded if m.startswith("openai_kit.types.chat")]


@pytest.mark.parametrize("name", ["mockserver", "pytest_plugin"])
def test_mapped_packages_are_not_importable_top_level(name: str) -> None:
    # From anywhere but the repository root, only openai_kit.<name> exists.
    code = f"import importlib.util, sys; sys.path[:] = [p for p in sys.path if p not in ('', {str(ROOT)!r})]; print(importlib.util.find_spec({name!r}))"
    assert _run(code).strip() == "None"
    assert f"openai_kit.{name}" in json.dumps(SETUPTOOLS["package-dir"])
