"""One generated module's source: classes, type aliases and their imports."""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from typegen.spec import (
    BUILTIN_TYPES,
    HEADER,
    MODIFIER_KEYS,
    RESERVED,
    GenerationError,
    Module,
    Ref,
    Registry,
    is_null,
    options_of,
)

# -- rendering one module --------------------------------------------------------------------


@dataclass
class Shape:
    """An object schema flattened: its properties, required names and optional base."""

    base: Ref | None
    props: dict[str, str]
    required: set[str]
    inherited: dict[str, str] = field(default_factory=dict)
    inherited_required: set[str] = field(default_factory=set)


class ModuleWriter:
    def __init__(self, registry: Registry, module: Module) -> None:
        self.reg = registry
        self.spec = registry.spec
        self.module = module
        self.kind = module.kind
        self.typing: set[str] = set()
        # (module path, name) -> the local names it is imported as
        self.imports: dict[tuple[str, str], list[str]] = {}
        self.needs: set[str] = set()  # extra runtime imports: Field, BaseModel, ...
        self.local = set(module.names)

    # references ------------------------------------------------------------------------

    def ref(self, ref: Ref) -> str:
        if ref.module == self.module.path:
            return ref.name
        key = (ref.module, ref.name)
        if key not in self.imports:
            local = ref.name
            taken = {name for names in self.imports.values() for name in names}
            if local in self.local or local in taken:
                local = "_" + "".join(p.title() for p in ref.module.split(".")[-1].split("_"))
                local += ref.name
            self.imports[key] = [local]
        return self.imports[key][0]

    def lit(self, values: list[Any]) -> str:
        self.typing.add("Literal")
        return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"

    # type expressions ------------------------------------------------------------------

    def render(self, node_id: str, *, define: bool = False) -> tuple[str, bool]:
        """The type of a node as Python source, and whether it may be null."""
        if not define:
            owner = self.reg.lookup(self.kind, node_id)
            if owner is not None:
                return self.ref(owner), False
        node = self.spec.node(node_id)
        if "$ref" in node or "$recursiveRef" in node:
            target, _ = self.spec.deref(node_id)
            return self.render(target)
        options = options_of(node)
        if options is not None and "properties" not in node:
            return self._union(node_id, *options)
        if "allOf" in node and "properties" not in node:
            # `allOf: [X]` or `allOf: [X, {nullable: true}]` is X (nullable)
            parts = [i for i, part in enumerate(node["allOf"]) if set(part) - MODIFIER_KEYS]
            if len(parts) == 1:
                expr, nullable = self.render(f"{node_id}/allOf/{parts[0]}")
                return expr, nullable or any(p.get("nullable") for p in node["allOf"])
        if "allOf" in node or node.get("properties"):
            raise GenerationError(f"{self.module.path}: no name for the object at {node_id}")
        return self._scalar(node_id, node)

    def _scalar(self, node_id: str, node: dict[str, Any]) -> tuple[str, bool]:
        kind = node.get("type")
        nullable = bool(node.get("nullable"))
        if isinstance(kind, list):
            nullable = nullable or "null" in kind
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        if "enum" in node:
            values = [v for v in node["enum"] if v is not None]
            return self.lit(values), nullable or None in node["enum"]
        if "const" in node:
            return self.lit([node["const"]]), nullable
        simple = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
        if kind in simple:
            return simple[kind], nullable
        if kind == "null":
            return "None", True
        if kind == "array":
            item, item_nullable = self.render(f"{node_id}/items")
            if item_nullable:
                item += " | None"
            return self._array(item, node_id), nullable
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            value, value_nullable = self.render(f"{node_id}/additionalProperties")
            return f"dict[str, {value}{' | None' if value_nullable else ''}]", nullable
        if kind == "object":
            return "dict[str, object]", nullable
        return "object", nullable

    def _array(self, item: str, node_id: str) -> str:
        if self.kind == "model":
            return f"list[{item}]"
        _, items = self.spec.deref(f"{node_id}/items")
        scalar = items.get("type") in ("string", "integer", "number", "boolean")
        self.needs.add("Sequence" if scalar else "Iterable")
        return f"{'Sequence' if scalar else 'Iterable'}[{item}]"

    def _union(self, node_id: str, key: str, options: list[Any]) -> tuple[str, bool]:
        nullable = False
        members: list[str] = []
        exprs: list[str] = []
        for index, option in enumerate(options):
            if is_null(option):
                nullable = True
                continue
            member = f"{node_id}/{key}/{index}"
            expr, member_nullable = self.render(member)
            nullable = nullable or member_nullable
            if expr not in exprs:
                exprs.append(expr)
                members.append(member)
        if not exprs:
            return "None", True
        if len(exprs) == 1:
            return exprs[0], nullable
        union = " | ".join(exprs)
        if self.kind == "model" and self._discriminated(members):
            self.typing.add("Annotated")
            self.needs.add("Field")
            return f'Annotated[{union}, Field(discriminator="type")]', nullable
        return union, nullable

    def _discriminated(self, members: list[str]) -> bool:
        """Whether pydantic can pick the member by ``type`` alone (each value names one member)."""
        values: list[Any] = []
        for member in members:
            target, _ = self.spec.deref(member)
            owner = self.reg.lookup("model", member) or self.reg.lookup("model", target)
            if owner is None:
                return False
            primary = self.reg.primary.get(self.reg.resolve(owner))
            if primary is None or not self._is_object(primary):
                return False
            literal = self._type_literal(primary)
            if not literal:
                return False
            values += literal
        return len(set(values)) == len(values)

    def _type_literal(self, node_id: str) -> list[Any]:
        """The values a class's required ``type`` field allows; empty when it is no Literal."""
        shape = self.shape(node_id, inherit=False)
        prop = shape.props.get("type")
        if prop is None or "type" not in shape.required:
            return []
        _, node = self.spec.deref(prop)
        if "const" in node:
            return [node["const"]]
        return [v for v in node.get("enum", ()) if v is not None]

    # objects -----------------------------------------------------------------------------

    def _is_object(self, node_id: str) -> bool:
        _, node = self.spec.deref(node_id)
        if node.get("properties"):
            return True
        return "allOf" in node and options_of(node) is None

    def shape(self, node_id: str, *, inherit: bool = True) -> Shape:
        node_id, node = self.spec.deref(node_id)
        shape = Shape(base=None, props={}, required=set(node.get("required", [])))
        for index, _part in enumerate(node.get("allOf", [])):
            part_id = f"{node_id}/allOf/{index}"
            target, _ = self.spec.deref(part_id)
            owner = self.reg.lookup(self.kind, target)
            # Inherit only from the class built from this very schema, not from an alias.
            if owner is not None and self.reg.primary.get(self.reg.resolve(owner)) != target:
                owner = None
            if inherit and shape.base is None and owner is not None and self._is_object(target):
                shape.base = owner
                parent = self.shape(target, inherit=False)
                shape.inherited = parent.props
                shape.inherited_required = parent.required
                continue
            part = self.shape(part_id, inherit=False)
            shape.props.update(part.props)
            shape.required |= part.required
        for name in node.get("properties", {}):
            shape.props[name] = f"{node_id}/properties/{name}"
        return shape

    def define_class(self, ref: Ref, node_id: str) -> str:
        shape = self.shape(node_id)
        skip = set(self.reg.override(ref, "skip") or ())
        optional = set(self.reg.override(ref, "optional") or ())
        nullable_too = set(self.reg.override(ref, "nullable") or ())
        props = dict(shape.props)
        for name, prop in shape.inherited.items():
            newly_required = name in shape.required and name not in shape.inherited_required
            if newly_required and name not in optional:
                props[name] = prop
        if self.module.stream_variants and ref.name == self.module.stream_variants["base"]:
            skip.add("stream")
        widen: dict[str, list[str]] = self.reg.override(ref, "widen") or {}
        lines: list[str] = []
        for name in props:
            if name in skip:
                continue
            expr, nullable = self.render(props[name])
            if name in widen:
                expr = " | ".join([*widen[name], expr])
            node = self.spec.node(props[name])
            nullable = nullable or bool(node.get("nullable")) or name in nullable_too
            required = name in shape.required and name not in optional
            lines.append(self._field(name, expr, nullable=nullable, required=required))
        bases = self._bases(ref, shape)
        for shadowed in self._shadowed(lines):
            lines = [self._builtin(line, shadowed) for line in lines]
        split: dict[str, Any] | None = self.reg.override(ref, "split")
        if split is None:
            return f"class {ref.name}({bases}):\n{self._body(lines)}\n"
        kept = set(split["fields"])
        own = [line for line in lines if line.split(":", 1)[0] in kept]
        if len(own) != len(kept):
            raise GenerationError(f"{ref.name}: split names fields it does not have: {kept}")
        common = [line for line in lines if line not in own]
        derived = ", ".join([split["base"], *(["total=False"] if self.kind == "param" else [])])
        return (
            f"class {split['base']}({bases}):\n{self._body(common)}\n\n\n"
            f"class {ref.name}({derived}):\n{self._body(own)}\n"
        )

    @staticmethod
    def _body(lines: list[str]) -> str:
        return "\n".join("    " + line for line in lines) if lines else "    pass"

    def _shadowed(self, lines: list[str]) -> list[str]:
        """Builtin type names that a field of the class shadows inside its body."""
        names = {line.split(":", 1)[0] for line in lines}
        return [t for t in BUILTIN_TYPES if t in names]

    def _builtin(self, line: str, name: str) -> str:
        """``name`` in the annotation spelled ``builtins.name`` (string literals left alone)."""
        field_name, annotation = line.split(":", 1)
        parts = re.split(r'("[^"]*")', annotation)
        for index in range(0, len(parts), 2):
            fixed = re.sub(rf"(?<![\w.]){name}\b", f"builtins.{name}", parts[index])
            if fixed != parts[index]:
                self.needs.add("builtins")
                parts[index] = fixed
        return field_name + ":" + "".join(parts)

    def _bases(self, ref: Ref, shape: Shape) -> str:
        bases: list[str] = []
        for dotted in self.reg.override(ref, "mixins") or ():
            module, _, name = dotted.rpartition(".")
            self.imports.setdefault((module, name), []).append(name)
            bases.append(name)
        if shape.base is not None:
            bases.append(self.ref(shape.base))
        elif self.kind == "model":
            self.needs.add("BaseModel")
            bases.append("BaseModel")
        else:
            self.needs.add("TypedDict")
            bases.append("TypedDict")
        if self.kind == "param":
            bases.append("total=False")
        return ", ".join(bases)

    def _field(self, name: str, expr: str, *, nullable: bool, required: bool) -> str:
        if self.kind == "param":
            if not name.isidentifier() or keyword.iskeyword(name):
                raise GenerationError(f"{self.module.path}: param key {name!r} is no identifier")
            full = f"{expr} | None" if nullable else expr
            if required:
                self.typing.add("Required")
                return f"{name}: Required[{full}]"
            return f"{name}: {full}"
        attr = name
        if name in RESERVED or keyword.iskeyword(name) or not name.isidentifier():
            attr = re.sub(r"\W", "_", name) + "_"
        if required and not nullable:
            if attr != name:
                self.needs.add("Field")
                return f'{attr}: {expr} = Field(alias="{name}")'
            return f"{attr}: {expr}"
        if attr != name:
            self.needs.add("Field")
            return f'{attr}: {expr} | None = Field(default=None, alias="{name}")'
        return f"{attr}: {expr} | None = None"

    def define_alias(self, ref: Ref, node_id: str) -> str:
        expr, nullable = self.render(node_id, define=True)
        self.typing.add("TypeAlias")
        return f"{ref.name}: TypeAlias = {expr}{' | None' if nullable else ''}\n"

    def stream_variants(self) -> str:
        variants = self.module.stream_variants
        assert variants is not None
        self.typing.update(("Literal", "Required", "TypeAlias"))
        base, off, on, union = (variants[k] for k in ("base", "off", "on", "union"))
        nullable = " | None" if variants.get("off_nullable", True) else ""
        return (
            f"class {off}({base}, total=False):\n    stream: Literal[False]{nullable}\n\n\n"
            f"class {on}({base}):\n    stream: Required[Literal[True]]\n\n\n"
            f"{union}: TypeAlias = {off} | {on}\n"
        )

    # the whole module ----------------------------------------------------------------------

    def write(self) -> str:
        classes: list[tuple[Ref, str]] = []
        aliases: list[tuple[Ref, str]] = []
        reexports: list[str] = []
        exported = list(self.module.names)
        for name, target in self.module.names.items():
            ref = Ref(self.module.path, name)
            if target.startswith("="):
                source = self.reg.resolve(ref)
                if source.module == self.module.path:
                    reexports.append(f"{name} = {source.name}\n")
                else:
                    self.imports.setdefault((source.module, source.name), []).append(name)
                continue
            if self._is_object(target):
                classes.append((ref, target))
            else:
                aliases.append((ref, target))
        blocks: dict[str, tuple[str, set[str], set[str]]] = {}
        for ref, node in classes:
            text = self.define_class(ref, node)
            header, _, body = text.partition("\n")
            blocks[ref.name] = (
                text,
                self._names_in(header.partition("(")[2]),
                self._names_in(body),
            )
        for ref, node in aliases:
            text = self.define_alias(ref, node)
            blocks[ref.name] = (text, self._names_in(text.partition("=")[2]), set())
        ordered = self._ordered(blocks)
        if self.module.stream_variants:
            ordered.append(self.stream_variants())
            variants = self.module.stream_variants
            exported += [variants["off"], variants["on"]]
        return self._assemble(ordered + reexports, exported)

    def _names_in(self, source: str) -> set[str]:
        return set(re.findall(r"\b[A-Z]\w*", source)) & self.local

    @staticmethod
    def _ordered(blocks: dict[str, tuple[str, set[str], set[str]]]) -> list[str]:
        """Definitions in an order that runs: what a block needs at runtime (a base class, the
        members of an alias) comes first; names used only in annotations come first too,
        unless that would need a block that is still waiting (then they stay forward refs).
        """
        done: list[str] = []
        state: dict[str, str] = {}

        def needs_waiting(name: str, seen: set[str]) -> bool:
            if state.get(name) == "open":
                return True
            if name in seen or state.get(name) == "done":
                return False
            seen.add(name)
            return any(needs_waiting(dep, seen) for dep in blocks[name][1] if dep in blocks)

        def visit(name: str) -> None:
            if state.get(name) is not None:
                return
            state[name] = "open"
            text, runtime, annotations = blocks[name]
            for dep in sorted(runtime):
                if dep in blocks and dep != name:
                    visit(dep)
            for dep in sorted(annotations):
                if dep in blocks and dep != name and not needs_waiting(dep, set()):
                    visit(dep)
            state[name] = "done"
            done.append(text)

        for name in blocks:
            visit(name)
        return done

    def _assemble(self, blocks: list[str], exported: list[str]) -> str:
        lines = [HEADER, "", "from __future__ import annotations", ""]
        if "builtins" in self.needs:
            lines.append("import builtins")
        lines += [
            f"from collections.abc import {n}" for n in ("Iterable", "Sequence") if n in self.needs
        ]
        if self.typing:
            lines.append(f"from typing import {', '.join(sorted(self.typing))}")
        if "TypedDict" in self.needs:
            lines.append("from typing_extensions import TypedDict")
        if "Field" in self.needs:
            lines.append("from pydantic import Field")
        if "BaseModel" in self.needs:
            lines.append("from openai_kit._models import BaseModel")
        names = sorted(set(exported), key=lambda n: (0 if n.isupper() else 1, n))
        for (module, name), locals_ in sorted(self.imports.items()):
            for local in sorted(set(locals_)):
                alias = f" as {local}" if local != name or local in names else ""
                lines.append(f"from {self._import_path(module)} import {name}{alias}")
        lines += ["", "__all__ = [" + ", ".join(json.dumps(n) for n in names) + "]", ""]
        lines += [block + "\n" for block in blocks]
        return "\n".join(lines).rstrip() + "\n"

    def _import_path(self, module: str) -> str:
        """Relative within one package (the root ``types`` package too), absolute across."""
        if module.startswith("openai_kit."):
            return module
        package, _, name = module.rpartition(".")
        if package == self.module.path.rpartition(".")[0]:
            return f".{name}"
        return f"openai_kit.types.{module}"
