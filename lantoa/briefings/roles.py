"""What each role may do with briefings, press conferences and urgent statements (merged into the roles by
``lantoa.accounts.roles.role_permissions``)."""

from lantoa.accounts.roles import Role

# The press office runs briefings and press conferences (briefings.manage_briefings) and assigns the journalists'
# questions; an organisation answers the questions assigned to it (briefings.answer_question, scoped in services)
# and sees its own questions and statements; leaders read everything.
AGENCY = [
    "briefings.view_briefing",
    "briefings.view_question",
    "briefings.answer_question",
    "briefings.view_urgentstatement",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["briefings.*"],
    Role.PRESS_OFFICER: ["briefings.*"],
    Role.AGENCY_OFFICER: AGENCY,
    Role.SPOKESPERSON: AGENCY,
    Role.LEADER: ["briefings.view_briefing", "briefings.view_question", "briefings.view_urgentstatement"],
}
