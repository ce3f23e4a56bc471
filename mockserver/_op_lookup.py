"""Which operation a method and path address, for layers that answer before the mock does."""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.routing import compile_path

from openai_kit.mockserver._app import url_table
from openai_kit.mockserver._operation import Operation

__all__ = ["OperationFinder"]


class OperationFinder:
    """Maps ``(method, path)`` to the operation name and path parameters, as the URL table does."""

    def __init__(self, operations: Iterable[Operation]) -> None:
        self._table: list[tuple[re.Pattern[str], dict[str, Operation]]] = [
            (compile_path(path)[0], methods) for _style, path, methods in url_table(operations)
        ]

    def find(self, method: str, path: str) -> tuple[str | None, dict[str, str]]:
        for pattern, methods in self._table:
            match = pattern.match(path)
            if match is not None:
                op = methods.get(method)
                return (None if op is None else op.name), match.groupdict()
        return None, {}
