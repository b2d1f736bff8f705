"""What each role may do with periodic reports (merged into the roles by ``lantoa.accounts.roles.role_permissions``).

The press office drafts, edits and issues; leaders read drafts and issued reports (they are the addressees' side and
follow the draft); agency officers and spokespersons get nothing: a report names every organisation's late answers
and tasks, while their other pages are scoped to their own organisation (D4).
"""

from lantoa.accounts.roles import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["reports.*"],
    Role.PRESS_OFFICER: ["reports.*"],
    Role.LEADER: ["reports.view_report"],
}
