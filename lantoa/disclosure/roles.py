"""What each role may do with the disclosure register and requests for information (merged into the roles by
``lantoa.accounts.roles.role_permissions``).

The services add the scope: agency officers and spokespersons keep their own organisation's register (and the units
under it) and handle the requests assigned to it; only the press office assigns requests to organisations.
"""

from lantoa.accounts.roles import Role

AGENCY_WORK = [
    "disclosure.view_disclosureentry",
    "disclosure.add_disclosureentry",
    "disclosure.change_disclosureentry",
    "disclosure.view_informationrequest",
    "disclosure.add_informationrequest",  # a letter the agency itself received; assigned to the agency
    "disclosure.change_informationrequest",  # extend, answer, refuse
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["disclosure.*"],
    Role.PRESS_OFFICER: ["disclosure.*"],
    Role.AGENCY_OFFICER: AGENCY_WORK,
    Role.SPOKESPERSON: AGENCY_WORK,
    Role.LEADER: ["disclosure.view_disclosureentry", "disclosure.view_informationrequest"],
}
