"""Print the load-run targets as ``<name> <path> <cookie-or-dash>`` lines (used by bench/load.sh)."""

from __future__ import annotations

import django


def main() -> None:
    django.setup()
    from django.test import Client

    from bench import personas, run

    cast = personas.cast()
    values = personas.placeholders(cast)
    values.update(
        assignment_query=run.ASSIGNMENT_QUERY.replace(" ", "+"), profile_query=run.PROFILE_QUERY.replace(" ", "+")
    )
    cookie = "-"
    if "professional" in cast:
        client = Client()
        client.force_login(cast["professional"])
        cookie = f"sessionid={client.cookies['sessionid'].value}"
    for key in run.LOAD_PAGES:
        page = next(p for p in run.PAGES if p.key == key)
        try:
            path = page.path.format(**values)
        except KeyError:
            continue
        print(key.replace(" ", "_"), path, cookie if page.persona else "-")


if __name__ == "__main__":
    main()
