from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from demo import agreement as agreement_demo
from demo import assignments as assignment_demo
from demo import homecoming as homecoming_demo
from demo import matching as demo_matching
from demo import networks as network_demo
from demo import placements as demo_workflow
from demo import profiles as profile_demo


class Command(BaseCommand):
    help = "Load the demo data: real organisations and networks, fictional people. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's own notifications stay in the app; their emails are not printed or sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            count = network_demo.seed_organisations()
            networks = network_demo.seed_networks()
            accounts = network_demo.seed_accounts()
            agreement_demo.seed_rates(accounts["coordinator"])
            profile_count = profile_demo.seed()
            assignment_count = len(assignment_demo.seed())
            demo_workflow.seed(accounts)
            homecoming_demo.seed(accounts)
            agreement_demo.seed_zpp_placement(accounts, accounts["coordinator"])
            agreement_demo.seed_reminder(accounts["coordinator"])
            match_count = demo_matching.seed()
            with_mfa = network_demo.seed_second_factors(accounts)
        self.stdout.write(f"Organisations: {count}; networks: {', '.join(n.name for n in networks.values())}.")
        self.stdout.write(
            f"Professionals: {profile_count}; assignments: {assignment_count}; new matches: {match_count}."
        )
        self._print_logins(accounts, with_mfa)

    def _print_logins(self, accounts: dict[str, Any], with_mfa: list[Any]) -> None:
        rule = "=" * 72
        self.stdout.write("")
        self.stdout.write(rule)
        self.stdout.write(f"Demo logins, password for all: {network_demo.DEMO_PASSWORD}")
        self.stdout.write(rule)
        for account in network_demo.ACCOUNTS:
            mark = " (+ code)" if any(user.email == account.email for user in with_mfa) else ""
            self.stdout.write(f"  {account.role:<40} {account.email}{mark}")
        self.stdout.write(f"  Django admin: /admin/ with {accounts['admin'].email}")
        self.stdout.write("")
        self.stdout.write("(+ code): also a code from an authenticator app. Add the secret")
        self.stdout.write(f"  {network_demo.DEMO_TOTP_SECRET}")
        self.stdout.write("to the app, or print the current code with")
        self.stdout.write(f"  {python_command()} manage.py demo_code")
        self.stdout.write(rule)


def python_command() -> str:
    """The Python that runs this command, as the person can type it from here (``.venv/bin/python``)."""
    executable = Path(sys.executable)
    try:
        return str(executable.relative_to(Path.cwd()))
    except ValueError:
        return "python" if shutil.which("python") == str(executable) else str(executable)
