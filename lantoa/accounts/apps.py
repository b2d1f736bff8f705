from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate is sent once per app, and each app's permissions are created in its own round: wait for the last
    # app, when every permission a role names exists. Also runs after a test flush, which empties the groups.
    # (Django signals only apps with a models module: the last of those.)
    if sender is not [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
        return
    from lantoa.accounts.services import sync_roles

    sync_roles(using=kwargs.get("using", "default"))


class AccountsConfig(AppConfig):
    name = "lantoa.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản, vai trò")

    def ready(self) -> None:
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="lantoa.accounts.sync_roles")
