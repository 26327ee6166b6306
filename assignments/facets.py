"""The engagement forms of an assignment kept in its row (issue 17), for /klussen/'s filter and counts.

/klussen/ counts its options over every open assignment the visitor may see; read from the link
table, the engagement-form count was a probe per visible assignment (16,000 probes, 44 ms of the
page's SQL at a million profiles), and the filter a join that could repeat rows.
``Assignment.facet_keys`` holds the same ids in the row, " e2 e5 " (``marketplace.lib.row_keys``):
the filter is a ``LIKE`` on the row and the count a test of the row.

The link table stays the truth: the receivers keep the keys in the same transaction as every
change of the links, ``repair()`` runs nightly (``assignments_facet_keys_check_task``),
``rebuild()`` after a bulk load.
"""

from __future__ import annotations

from django.db.models import Q

from assignments.models import Assignment
from marketplace.lib.row_keys import RowKeys

ENGAGEMENT = "e"

KEYS = RowKeys(Assignment, "facet_keys", ((ENGAGEMENT, "engagement_forms"),))

derive = KEYS.derive
repair = KEYS.repair
rebuild = KEYS.rebuild


def engagement_q(engagement_form_ids: list[int]) -> Q:
    """Assignments open to any of these engagement forms: a test on the row."""
    condition = Q(pk__in=[])
    for pk in engagement_form_ids:
        condition |= KEYS.q(ENGAGEMENT, pk)
    return condition


def connect() -> None:
    """Connect the receivers (from ``AssignmentsConfig.ready``)."""
    KEYS.connect("assignment-facets")
