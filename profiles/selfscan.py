"""The self-scan of entrepreneurial competences and its radar chart, drawn on the server."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Six competences, two statements each (answered on a scale from 1 to 5).
COMPETENCES = [
    ("initiative", _("Initiative")),
    ("networking", _("Networking")),
    ("creativity", _("Creativity")),
    ("courage", _("Taking risks")),
    ("perseverance", _("Perseverance")),
    ("visibility", _("Making yourself visible")),
]
STATEMENTS = [
    ("initiative", _("I start things without waiting to be asked.")),
    ("initiative", _("I see opportunities where others see problems.")),
    ("networking", _("I easily get in touch with people outside my own organisation.")),
    ("networking", _("I keep my network informed of what I do and can do.")),
    ("creativity", _("I come up with new approaches to existing questions.")),
    ("creativity", _("I like to combine ideas from different fields.")),
    ("courage", _("I dare to take on an assignment when the outcome is uncertain.")),
    ("courage", _("I accept that not everything I try will succeed.")),
    ("perseverance", _("I carry on when things get difficult.")),
    ("perseverance", _("I finish what I start, even when it takes longer.")),
    ("visibility", _("I can explain clearly what I am good at.")),
    ("visibility", _("I ask for feedback and references after an assignment.")),
]
SCALE = [(1, _("Not at all")), (2, _("Hardly")), (3, _("Somewhat")), (4, _("Largely")), (5, _("Completely"))]
SIZE = 320
CENTRE = SIZE / 2
RADIUS = 110


@dataclass(frozen=True)
class Axis:
    key: str
    label: str
    score: float
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def scores(answers: list[int]) -> dict[str, float]:
    """The average answer per competence."""
    totals: dict[str, list[int]] = {key: [] for key, _label in COMPETENCES}
    for (key, _statement), answer in zip(STATEMENTS, answers, strict=False):
        totals[key].append(answer)
    return {key: round(sum(values) / len(values), 1) if values else 0.0 for key, values in totals.items()}


def _point(index: int, fraction: float, radius: float = RADIUS) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / len(COMPETENCES)
    return round(CENTRE + radius * fraction * math.cos(angle), 1), round(
        CENTRE + radius * fraction * math.sin(angle), 1
    )


def radar(answers: list[int]) -> dict[str, object]:
    """Everything the template needs to draw the radar: axes, rings and the score polygon."""
    by_key = scores(answers)
    axes = []
    for i, (key, label) in enumerate(COMPETENCES):
        x, y = _point(i, 1)
        lx, ly = _point(i, 1, RADIUS + 22)
        anchor = "middle" if abs(lx - CENTRE) < 5 else ("start" if lx > CENTRE else "end")
        axes.append(Axis(key, str(label), by_key[key], x, y, lx, ly, anchor))
    polygon = " ".join("{},{}".format(*_point(i, axis.score / 5)) for i, axis in enumerate(axes))
    rings = [" ".join("{},{}".format(*_point(i, level / 5)) for i in range(len(axes))) for level in range(1, 6)]
    return {"axes": axes, "polygon": polygon, "rings": rings, "size": SIZE, "centre": CENTRE}
