"""Who may look up, export and erase citizens' personal data (merged into the roles by
``lantoa.accounts.roles.role_permissions``): the press office, which handles citizens' requests, and administrators.
Leaders, agencies and spokespersons see a citizen's contact only on the pages of the records they handle."""

from lantoa.accounts.roles import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["core.manage_personal_data"],
    Role.PRESS_OFFICER: ["core.manage_personal_data"],
}
