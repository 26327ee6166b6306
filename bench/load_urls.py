"""Print the load-run targets as ``<name> <path> <cookies-or-dash>`` lines (used by bench/load.sh).

Logged-in pages get 32 sessions of the professional, comma-separated: wrk rotates them, so
concurrent requests do not queue on the row lock of one shared session row.
"""

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
        cookies = []
        for _ in range(32):
            client = Client()
            client.force_login(cast["professional"])
            cookies.append(f"sessionid={client.cookies['sessionid'].value}")
        cookie = ",".join(cookies)
    for key in run.LOAD_PAGES:
        page = next(p for p in run.PAGES if p.key == key)
        try:
            path = page.path.format(**values)
        except KeyError:
            continue
        print(key.replace(" ", "_"), path, cookie if page.persona else "-")


if __name__ == "__main__":
    main()
