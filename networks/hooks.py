"""Extension points for apps that build on networks (which must not import them).

Dependencies run ``networks`` ← ``profiles`` ← ``assignments``, so the networks app cannot ask
the assignments app for a network's assignments. Instead the later app registers a callable
here from its ``AppConfig.ready()``:

- ``register_give_and_take(key, label, counter, agreement=False, missing=None)``:
  ``counter(network, organisation_ids, period)`` returns ``{organisation_id: count}`` for the
  period (``networks.agreement.ledger.Period``: ``start`` and ``end`` dates); the give-and-take
  ledger shows one column per registered counter (for example the assignments each organisation
  posted into the network). ``agreement`` columns are what each organisation must provide (at
  least one); ``missing`` names what is missing when the count is zero (the label otherwise).
- ``register_monthly_series(key, label, counter)``: ``counter(network, month_starts)`` returns
  one number per month (for example assignments, reactions and placements per month); the
  coordinator's overview draws each as a bar chart with a table beside it.
- ``register_network_panel(panel)``: ``panel(request, network)`` returns an HTML string (render a
  template with ``render_to_string``) shown on the public network page, for example the
  network's public assignments through ``Assignment.objects.visible_to(request.user)``.
- ``register_workspace_link(url_name, label)``: one more page in the coordinator's workspace
  menu; ``url_name`` is reversed with the network's ``slug`` (for example the API keys page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from networks.models import Network

Counter = Callable[["Network", list[int], Any], dict[int, int]]
Panel = Callable[["HttpRequest", "Network"], str]
MonthlyCounter = Callable[["Network", list[date]], list[int]]


@dataclass(frozen=True)
class GiveAndTakeColumn:
    key: str
    label: Any
    counter: Counter
    agreement: bool = False
    missing: Any = None


@dataclass(frozen=True)
class MonthlySeries:
    key: str
    label: Any
    counter: MonthlyCounter


_give_and_take: dict[str, GiveAndTakeColumn] = {}
_monthly: dict[str, MonthlySeries] = {}
_panels: list[Panel] = []
_workspace_links: dict[str, Any] = {}


def register_give_and_take(
    key: str, label: Any, counter: Counter, *, agreement: bool = False, missing: Any = None
) -> None:
    _give_and_take[key] = GiveAndTakeColumn(key=key, label=label, counter=counter, agreement=agreement, missing=missing)


def give_and_take_columns() -> list[GiveAndTakeColumn]:
    return list(_give_and_take.values())


def register_network_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def network_panels() -> list[Panel]:
    return list(_panels)


def register_monthly_series(key: str, label: Any, counter: MonthlyCounter) -> None:
    _monthly[key] = MonthlySeries(key=key, label=label, counter=counter)


def monthly_series() -> list[MonthlySeries]:
    return list(_monthly.values())


def register_workspace_link(url_name: str, label: Any) -> None:
    _workspace_links[url_name] = label


def workspace_links() -> list[tuple[str, Any]]:
    return list(_workspace_links.items())
