"""The guards walk every app, so they use the workflow's fixtures too."""

from __future__ import annotations

from tests.networks.conftest import other_network  # noqa: F401
from tests.workflow.conftest import (  # noqa: F401
    agree_everything,
    assignment,
    completed,
    interest,
    placement,
    professional,
    running,
)
