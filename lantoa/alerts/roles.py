"""What each role may do with alerts (merged into the roles by ``lantoa.accounts.roles.role_permissions``).
Notifications need no permission: anyone with a role sees and marks their own."""

from lantoa.accounts.roles import Role

# Agencies and communes watch their own issues: alert rules of their organisation (the services scope them).
OWN_RULES = ["alerts.view_alertrule", "alerts.add_alertrule", "alerts.change_alertrule", "alerts.delete_alertrule"]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["alerts.*"],
    Role.PRESS_OFFICER: ["alerts.*"],
    Role.AGENCY_OFFICER: OWN_RULES,
    Role.SPOKESPERSON: OWN_RULES,
    Role.LEADER: ["alerts.view_alertrule"],
}
