"""What each role may do with campaigns (merged into the roles by ``lantoa.accounts.roles.role_permissions``).

The services add the scope: agency officers and spokespersons act only on their own organisation's campaigns,
content, approval chains and platform accounts (and those of the units under it). Approving is not a permission:
only the person the item's approval chain names at its current step may approve (``services.check_can_decide``).
"""

from lantoa.accounts.roles import Role

AGENCY_WORK = [
    "campaigns.view_campaign",
    "campaigns.add_campaign",
    "campaigns.change_campaign",
    "campaigns.view_contentitem",
    "campaigns.add_contentitem",
    "campaigns.change_contentitem",
    "campaigns.publish_contentitem",
    "campaigns.view_approvalchain",
    "campaigns.add_approvalchain",
    "campaigns.change_approvalchain",
    "campaigns.view_platformcredential",
    "campaigns.change_platformcredential",
    "campaigns.view_publicationrecord",
    "campaigns.change_publicationrecord",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["campaigns.*"],
    Role.PRESS_OFFICER: ["campaigns.*"],
    Role.AGENCY_OFFICER: AGENCY_WORK,
    Role.SPOKESPERSON: AGENCY_WORK,
    Role.LEADER: ["campaigns.view_campaign", "campaigns.view_contentitem", "campaigns.view_publicationrecord"],
}
