from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantoa.accounts.services import sync_roles


class Command(BaseCommand):
    help = "Create the role groups and give them exactly their permissions (also done after every migrate)."

    def handle(self, *args: Any, **options: Any) -> None:
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
