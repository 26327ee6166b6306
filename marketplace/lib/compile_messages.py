"""Compile every locale/*/LC_MESSAGES/django.po to .mo without GNU gettext (uses polib).

Run as ``python -m marketplace.lib.compile_messages``. The compiled files are committed, so a
fresh machine needs neither gettext nor this step.
"""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2] / "locale"


def main() -> None:
    for po_path in sorted(ROOT.glob("*/LC_MESSAGES/django.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
