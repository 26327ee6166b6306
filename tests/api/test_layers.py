"""The api app is the top layer: nothing below imports it (they offer hooks instead)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER = ["marketplace", "networks", "profiles", "assignments"]
# The composition root wires every app together (DESIGN.md).
COMPOSITION_ROOT = {"marketplace/urls.py", "marketplace/settings.py", "marketplace/celery.py"}


def imports_api(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "api":
            return True
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "api" for alias in node.names):
            return True
    return False


def test_no_lower_app_imports_the_api_app():
    offenders = [
        str(path.relative_to(ROOT))
        for app in LOWER
        for path in (ROOT / app).rglob("*.py")
        if str(path.relative_to(ROOT)) not in COMPOSITION_ROOT and imports_api(path)
    ]

    assert offenders == []


def test_the_options_method_describes_nothing(client, db):
    assert client.options("/api/v1/openapi.json").status_code == 405
