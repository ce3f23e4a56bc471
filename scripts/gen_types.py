"""Generate the types of ``openai_kit.types`` that come from OpenAPI spec schemas.

    python scripts/gen_types.py [--spec PATH]          write the modules
    python scripts/gen_types.py --check [--spec PATH]  exit 1 when a committed module differs

Which Python name and module each schema becomes is decided by the committed
map ``scripts/types_map.json`` (names follow the official ``openai`` package);
the fields, their types and the enum values come from the spec. A map entry is
one of:

* ``"Name": "Schema"`` or ``"Name": "Schema/properties/x/items"`` - the class or
  type alias built from that schema node;
* ``"Name": "=package.module.Other"`` - a re-export of a name defined elsewhere.

Besides the spec's component schemas, a node id may start from ``op_<operationId>``
(an operation's query and body params), ``resp_<operationId>`` (its 200 answer, for
answers the spec writes inline) or ``webhook_events`` (the union of every payload of
the spec's top-level ``webhooks`` section).

A module's key is its path under ``openai_kit.types``: ``"batch"`` is a module at
the root (``openai_kit.types.batch``), ``"fine_tuning.jobs.checkpoint_list_params"``
one in a package. Modules of one package import each other relatively, modules of
other packages absolutely. Packages named in ``PACKAGE_DOCS`` get a generated lazy
``__init__``; the root ``types/__init__.py`` is written by hand.

``aliases`` lets further schema nodes render as an existing name (a spec union
that the official package types as another union, say). ``overrides`` holds,
per class (``"*"`` for all), what the spec cannot say: fields to leave out
(``skip``), mixin bases (``mixins``), fields real traffic omits or sends as null
although the spec requires them (``optional``, ``nullable``) and extra types a
field is seen with (``widen``), and ``split``: ``{"base": "Name", "fields": [...]}``
defines the class's other fields in a base class ``Name`` of their own and only
the listed ones in the class, so a hand-written TypedDict can share every field
but those (the Responses ``parse`` helpers give ``tools`` another type). A
module's ``stream_variants`` splits request params into the ``stream: false`` and
``stream: true`` shapes.

Generated modules start with ``HEADER``; modules without it (hand-written ones
such as ``responses/_output_text.py``) are never touched. A generated module the
map no longer names is deleted. The output is passed through ruff (import
sorting and formatting), so ``--check`` compares exactly what would be written.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml
from typegen.spec import HEADER, GenerationError, Registry, Spec
from typegen.writer import ModuleWriter

__all__ = ["GenerationError", "ModuleWriter", "Registry", "Spec", "check_import_cycles", "main"]

ROOT = Path(__file__).resolve().parent.parent
MAP_PATH = ROOT / "scripts" / "types_map.json"
TYPES_DIR = ROOT / "src" / "openai_kit" / "types"
DEFAULT_SPEC = ROOT.parent / "shared" / "spec" / "openai" / "openapi.yaml"
PACKAGE_DOCS = {
    "responses": "Responses API types: response models, stream events and request params.",
    "conversations": "Conversations API types: conversations, their items and request params.",
    "uploads": "Upload parts and their request params.",
    "webhooks": "Webhook event payloads, one class per event type, and their union.",
    "fine_tuning": "Fine-tuning types: jobs, their events, methods and request params.",
    "fine_tuning.jobs": "Fine-tuning job checkpoints and their request params.",
    "fine_tuning.checkpoints": "Fine-tuned checkpoint permissions and their request params.",
    "fine_tuning.alpha": "Grader run and validate results and their request params.",
    "evals": "Eval run types: runs, their data sources and request params.",
    "evals.runs": "Eval run output items and their request params.",
    "graders": "Grader definitions, as returned and as sent.",
    "vector_stores": "Vector store files and file batches: their models and request params.",
    "containers": "Container files: their models.",
    "beta": "Assistants API types: assistants, threads, tools, stream events and request params.",
    "beta.threads": "Messages and runs of Assistants threads, their deltas and request params.",
    "beta.threads.runs": "Run steps, their deltas and request params.",
    "beta.chatkit": "ChatKit sessions, threads, thread items and request params.",
}


# -- packages, files and the check -----------------------------------------------------------


def package_init(package: str, registry: Registry, extra: dict[str, str]) -> str:
    """A lazy ``__init__``: each module's first name, plus any extra ``name -> module``.

    The imports under ``TYPE_CHECKING`` are for type checkers only (``__all__`` makes
    them re-exports); at runtime ``lazy_exports`` imports a module on first access.
    """
    exports: dict[str, str] = {}
    for module in registry.modules.values():
        pkg, _, name = module.path.rpartition(".")
        if pkg != package or module.existing:
            continue
        first = next(iter(module.names))
        exports.setdefault(first, name)
        if module.stream_variants:
            exports.setdefault(module.stream_variants["union"], name)
    for name, module_name in extra.items():
        if name in _defined_in(TYPES_DIR.joinpath(*package.split("."), f"{module_name}.py")):
            exports.setdefault(name, module_name)
    names = sorted(exports)
    lines = [HEADER, f'"""{PACKAGE_DOCS[package]}"""', "", "from __future__ import annotations"]
    lines += [
        "",
        "from typing import TYPE_CHECKING",
        "",
        "from openai_kit._lazy import lazy_exports",
    ]
    lines.append("")
    lines.append("if TYPE_CHECKING:")
    for name in names:
        lines.append(f"    from .{exports[name]} import {name}")
    lines += ["", "_EXPORTS: dict[str, str] = {"]
    lines += [f'    "{name}": ".{exports[name]}",' for name in names]
    lines += ["}", "", "__all__ = ["] + [f'    "{name}",' for name in names] + ["]", ""]
    lines.append("__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)")
    return "\n".join(lines) + "\n"


def _defined_in(path: Path) -> set[str]:
    """Top-level names a hand-written module defines (none when it does not exist yet)."""
    if not path.exists():
        return set()
    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def check_import_cycles(sources: dict[str, str]) -> None:
    graph: dict[str, set[str]] = {}
    for path, text in sources.items():
        package = path.rpartition(".")[0]
        deps = set()
        for match in re.finditer(r"^from (\.?[\w.]+) import", text, re.M):
            target = match.group(1)
            if target.startswith("."):
                deps.add(f"{package}.{target[1:]}" if package else target[1:])
            elif target.startswith("openai_kit.types."):
                deps.add(target.removeprefix("openai_kit.types."))
        graph[path] = deps & set(sources)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            raise GenerationError("import cycle: " + " -> ".join([*trail, node]))
        state[node] = 1
        for dep in sorted(graph[node]):
            visit(dep, [*trail, node])
        state[node] = 2

    for node in sorted(graph):
        visit(node, [])


def generate(spec_path: Path) -> dict[Path, str]:
    """Every generated file, relative to ``TYPES_DIR``, with its unformatted text."""
    with spec_path.open("rb") as handle:
        raw = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    data = json.loads(MAP_PATH.read_text())
    registry = Registry(data, Spec(raw))
    sources: dict[str, str] = {}
    for module in registry.modules.values():
        if not module.existing:
            sources[module.path] = ModuleWriter(registry, module).write()
    check_import_cycles(sources)
    files = {Path(*path.split(".")).with_suffix(".py"): text for path, text in sources.items()}
    for package in PACKAGE_DOCS:
        extra = data.get("package_extra", {}).get(package, {})
        files[Path(*package.split("."), "__init__.py")] = package_init(package, registry, extra)
    return files


def formatted(files: dict[Path, str]) -> dict[Path, str]:
    """The files as ruff leaves them: imports sorted, code formatted."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for relative, text in files.items():
            (base / relative).parent.mkdir(parents=True, exist_ok=True)
            (base / relative).write_text(text)
        config = ["--config", str(ROOT / "pyproject.toml")]
        ruff = [sys.executable, "-m", "ruff"]
        fix = [*ruff, "check", *config, "--fix-only", "--select", "I,F401,UP", "--quiet", tmp]
        subprocess.run(fix, check=True)
        subprocess.run([*ruff, "format", *config, "--quiet", tmp], check=True)
        return {relative: (base / relative).read_text() for relative in files}


def _generated_on_disk() -> Iterator[Path]:
    for path in TYPES_DIR.rglob("*.py"):
        with path.open() as handle:
            if handle.readline().rstrip("\n") == HEADER:
                yield path.relative_to(TYPES_DIR)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    try:
        files = formatted(generate(args.spec))
    except GenerationError as exc:
        print(f"gen_types: {exc}", file=sys.stderr)
        return 2
    stale = sorted(set(_generated_on_disk()) - set(files))
    if args.check:
        differ = [p for p, text in files.items() if _read(TYPES_DIR / p) != text]
        for path in differ + stale:
            print(f"out of date: {TYPES_DIR / path}", file=sys.stderr)
        return 1 if differ or stale else 0
    for relative, text in files.items():
        target = TYPES_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if _read(target) != text:
            target.write_text(text)
    for relative in stale:
        (TYPES_DIR / relative).unlink()
    return 0


def _read(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


if __name__ == "__main__":
    if importlib.util.find_spec("ruff") is None:
        sys.exit("gen_types needs ruff (a dev dependency) to format its output")
    sys.exit(main(sys.argv[1:]))
