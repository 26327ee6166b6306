"""The layer contract covers every app of the project, and the project keeps it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_every_project_app_is_a_layer_of_the_contract():
    """A new app must take its place in the layers before it lands (docs/architecture.md)."""
    ours = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()} - {"bench"}
    layers = next(c for c in _config()["contracts"] if c["type"] == "layers")["layers"]
    assert ours == set(layers)
    assert ours | {"bench"} == set(_config()["root_packages"])


def test_the_imports_keep_the_layers():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 broken" in result.stdout


def test_a_lower_app_importing_a_higher_one_breaks_the_contract(tmp_path):
    """The contract bites: a copy of the tree where assignments imports matching fails it."""
    copy = tmp_path / "tree"
    for name in _config()["root_packages"]:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (copy / "assignments" / "probe.py").write_text("from matching.models import Match  # noqa: F401\n")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=copy, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "assignments is not allowed to import matching" in result.stdout
