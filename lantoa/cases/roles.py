"""What each role may do with cases (merged into the roles by ``lantoa.accounts.roles.role_permissions``)."""

from lantoa.accounts.roles import Role

# Only the press office and administrators hold permissions on cases. Leaders, agency officers and spokespersons get
# none on purpose: they see a case only when they are on its team, or (agency officers, spokespersons) when their
# organisation is involved; ``services.visible_cases`` answers that per case, not a blanket view permission.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["cases.*"],
    Role.PRESS_OFFICER: ["cases.*"],
}
