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
# Issued digests are for everyone who reads the press; drafts only for those who edit them (digests.change_digest).
DIGEST_VIEW = ["digests.view_digest"]
# Agencies and communes watch their own issues: alert rules of their organisation (the services scope them).
ALERT_RULES_OWN = [
    "alerts.view_alertrule",
    "alerts.add_alertrule",
    "alerts.change_alertrule",
    "alerts.delete_alertrule",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        "org.*",
        "monitoring.*",
        "digests.*",
        "alerts.*",
        "trends.*",
        "accounts.*",
        "audit.view_auditevent",
        "core.view_workerheartbeat",
        "auth.view_group",
    ],
    Role.PRESS_OFFICER: [
        "org.*",
        "monitoring.*",
        "digests.*",
        "alerts.*",
        "trends.*",
        "audit.view_auditevent",
    ],
    Role.AGENCY_OFFICER: [
        *REFERENCE_VIEW,
        *MONITORING_VIEW,
        *DIGEST_VIEW,
        *ALERT_RULES_OWN,
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
        *DIGEST_VIEW,
        *ALERT_RULES_OWN,
        "org.view_organisation",
        "org.view_person",
        "org.change_person",
    ],
    Role.LEADER: [
        *REFERENCE_VIEW,
        *MONITORING_VIEW,
        *DIGEST_VIEW,
        "alerts.view_alertrule",
        "org.view_organisation",
        "org.view_person",
        "audit.view_auditevent",
    ],
}
