"""Reactions, placements and references (the workflow from interest to reference)."""

from __future__ import annotations
