"""What each role may do with consultations (merged into the roles by ``lantoa.accounts.roles.role_permissions``).

The services add the scope: agency officers and spokespersons manage and moderate the consultations whose drafting
agency is their organisation (or a unit under it). Leaders read. Citizens need no account (the public site).
"""

from lantoa.accounts.roles import Role

READ = [
    "consultation.view_consultation",
    "consultation.view_comment",
    "consultation.view_synthesisgroup",
    "consultation.view_moderationlog",
]
AGENCY_WORK = [
    *READ,
    "consultation.add_consultation",
    "consultation.change_consultation",
    "consultation.moderate_consultation",
    "consultation.change_synthesisgroup",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["consultation.*"],
    Role.PRESS_OFFICER: ["consultation.*"],
    Role.AGENCY_OFFICER: AGENCY_WORK,
    Role.SPOKESPERSON: AGENCY_WORK,
    Role.LEADER: READ,
}
