"""Package discovery for the folder mapping in pyproject.toml.

``[tool.setuptools] package-dir`` maps three folders into one namespace
(``src/openai_kit``, ``mockserver`` and ``pytest_plugin``); setuptools' own
discovery cannot follow such a mapping, so every package below each mapped
folder is found here instead of being listed by hand.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent


def mapped_packages() -> list[str]:
    """Every package below the folders ``package-dir`` maps, by its installed name."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    found: set[str] = set()
    for name, folder in mapping.items():
        found.add(name)
        found.update(f"{name}.{sub}" for sub in find_packages(str(ROOT / folder)))
    return sorted(found)


if __name__ == "__main__":
    setup(packages=mapped_packages())
