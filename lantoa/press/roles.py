"""What each role may do with press requests (merged into the roles by ``lantoa.accounts.roles.role_permissions``).

The services add the scope: agency officers and spokespersons act only on requests assigned to their organisation
(and the units under it). Approval is the head's or the spokesperson's (Decree 09/2017/NĐ-CP: the spokesperson is the
head or a deputy authorised in writing); the press office may record an approval given on their behalf, with a note
saying who approved and how (see ``services.check_approve``).
"""

from lantoa.accounts.roles import Role

AGENCY_WORK = [
    "press.view_pressrequest",
    "press.add_pressrequest",  # a letter received by the agency itself; the request is assigned to the agency
    "press.change_pressrequest",  # draft, attach, record the answer
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["press.*"],
    Role.PRESS_OFFICER: ["press.*"],
    Role.AGENCY_OFFICER: AGENCY_WORK,
    Role.SPOKESPERSON: [*AGENCY_WORK, "press.approve_pressrequest"],
    Role.LEADER: ["press.view_pressrequest"],
}
