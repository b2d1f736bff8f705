"""What each role may do with plans and training (merged into the roles by ``lantoa.accounts.roles.role_permissions``).

The press office keeps the plan, follows every organisation's reports and runs the training; an organisation's
officers and spokesperson see and report on their own organisation's tasks (the scope check is in ``services``) and
see the training sessions; leaders read everything.
"""

from lantoa.accounts.roles import Role

READ = [
    "plans.view_plan",
    "plans.view_section",
    "plans.view_task",
    "plans.view_assignment",
    "plans.view_occurrence",
    "plans.view_progressreport",
    "plans.view_reportattachment",
    "plans.view_trainingsession",
    "plans.view_trainingattendee",
    "plans.view_trainingmaterial",
]
# Reporting on one's own assignments, and the feedback of one's own people on a training they attended.
REPORT = [*READ, "plans.add_progressreport", "plans.add_reportattachment", "plans.change_trainingattendee"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["plans.*"],
    Role.PRESS_OFFICER: ["plans.*"],
    Role.AGENCY_OFFICER: REPORT,
    Role.SPOKESPERSON: REPORT,
    Role.LEADER: READ,
}
