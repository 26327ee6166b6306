from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo import networks as demo


class Command(BaseCommand):
    help = "Print the current authenticator-app code of the demo accounts that sign in with two factors."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo.current_demo_code())
