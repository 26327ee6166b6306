from __future__ import annotations

import pytest

from marketplace.celery import app

pytestmark = pytest.mark.django_db


def test_it_registers_the_sweep_and_schedules_it():
    app.loader.import_default_modules()
    assert "placements.tasks.consent_requests_sweep_task" in app.tasks
    assert "placements.tasks.consent_request_send_task" in app.tasks
    entry = app.conf.beat_schedule["placements-consent-requests-sweep"]
    assert entry["task"] == "placements.tasks.consent_requests_sweep_task"


def test_it_runs_the_sweep_task_with_nothing_to_do():
    from placements.tasks import consent_requests_sweep_task

    assert consent_requests_sweep_task.delay().get() == {"unsent": 0, "reminded": 0}
