"""Roles are Django groups whose names are the stable codes below; the permissions of each role are data here and
are applied by ``lantoa sync_roles`` (run by ``lantoa up`` and after migrations)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    PRESS_OFFICER = "press_officer"
    AGENCY_OFFICER = "agency_officer"
    SPOKESPERSON = "spokesperson"
    LEADER = "leader"


ROLE_LABELS: dict[Role, Promise] = {
    Role.ADMINISTRATOR: _("Quản trị hệ thống"),
    Role.PRESS_OFFICER: _("Cán bộ báo chí (Sở VHTTDL)"),
    Role.AGENCY_OFFICER: _("Cán bộ cơ quan, đơn vị"),
    Role.SPOKESPERSON: _("Người phát ngôn"),
    Role.LEADER: _("Lãnh đạo (chỉ xem)"),
}

# Roles that see the whole province; the others see only their own organisation and the units under it.
PROVINCE_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.PRESS_OFFICER, Role.LEADER})
# Roles that need an organisation on the user to mean anything.
SCOPED_ROLES = frozenset({Role.AGENCY_OFFICER, Role.SPOKESPERSON})
# Roles allowed into the Django admin (it is scoped too, but it is a tool for the registry's keepers).
STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.PRESS_OFFICER})

REFERENCE_VIEW = [
    "org.view_administrativeunit",
    "org.view_formerunit",
    "org.view_outlet",
]
# Press coverage is public material: every role reads the monitoring stream.
MONITORING_VIEW = ["monitoring.view_item", "monitoring.view_story", "monitoring.view_source"]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        "org.*",
        "monitoring.*",
        "accounts.*",
        "audit.view_auditevent",
        "core.view_workerheartbeat",
        "auth.view_group",
    ],
    Role.PRESS_OFFICER: [
        "org.*",
        "monitoring.*",
        "audit.view_auditevent",
    ],
    Role.AGENCY_OFFICER: [
        *REFERENCE_VIEW,
        *MONITORING_VIEW,
        "org.view_organisation",
        "org.change_organisation",
        "org.view_person",
        "org.add_person",
        "org.change_person",
        "audit.view_auditevent",
    ],
    Role.SPOKESPERSON: [
        *REFERENCE_VIEW,
        *MONITORING_VIEW,
        "org.view_organisation",
        "org.view_person",
        "org.change_person",
    ],
    Role.LEADER: [
        *REFERENCE_VIEW,
        *MONITORING_VIEW,
        "org.view_organisation",
        "org.view_person",
        "audit.view_auditevent",
    ],
}


def role_permissions() -> dict[Role, list[str]]:
    """``ROLE_PERMISSIONS`` plus what each domain app grants in its own ``roles.py`` (``ROLE_PERMISSIONS``, same
    shape): an app brings its permissions with it, as it brings its models, and nobody edits this file to add one."""
    import importlib
    import importlib.util

    from django.apps import apps

    combined = {role: list(patterns) for role, patterns in ROLE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        if not config.name.startswith("lantoa.") or config.name == "lantoa.accounts":
            continue
        if importlib.util.find_spec(f"{config.name}.roles") is None:
            continue
        extra: dict[Role, list[str]] = importlib.import_module(f"{config.name}.roles").ROLE_PERMISSIONS
        for role, patterns in extra.items():
            combined[role].extend(pattern for pattern in patterns if pattern not in combined[role])
    return combined
