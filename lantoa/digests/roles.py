"""What each role may do with digests (merged into the roles by ``lantoa.accounts.roles.role_permissions``)."""

from lantoa.accounts.roles import Role

# Issued digests are for everyone who reads the press; drafts only for those who edit them (digests.change_digest).
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["digests.*"],
    Role.PRESS_OFFICER: ["digests.*"],
    Role.AGENCY_OFFICER: ["digests.view_digest"],
    Role.SPOKESPERSON: ["digests.view_digest"],
    Role.LEADER: ["digests.view_digest"],
}
