"""Compile every locale*/*/LC_MESSAGES/django.po to .mo without GNU gettext (uses polib).

Run as ``python -m marketplace.lib.compile_messages``. The compiled files are committed, so a
fresh machine needs neither gettext nor this step.
"""

from __future__ import annotations

from pathlib import Path

import polib

BASE = Path(__file__).resolve().parents[2]
ROOTS = [BASE / "locale", BASE / "locale-vendor"]


def main() -> None:
    for root in ROOTS:
        for po_path in sorted(root.glob("*/LC_MESSAGES/django.po")):
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            print(f"compiled {po_path.relative_to(BASE)}")


if __name__ == "__main__":
    main()
