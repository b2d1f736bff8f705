"""What each role may do with press orders and the communication budget (merged into the roles by
``lantoa.accounts.roles.role_permissions``).

The press office (and finance, through it) allocates the budget lines; an organisation spends within its own lines:
it orders from press agencies, records what they deliver, accepts it, settles or cancels its orders, and enters its
other communication costs. The services add the scope (an agency acts only on its own organisation and the units
under it). Spokespersons and leaders read (spokespersons their own organisation's, leaders the province's).
"""

from lantoa.accounts.roles import Role

READ = ["orders.view_order", "orders.view_budgetline", "orders.view_expense"]
AGENCY_WORK = [
    *READ,
    "orders.add_order",
    "orders.change_order",  # edit drafts, issue, record deliveries
    "orders.accept_order",
    "orders.close_order",
    "orders.add_expense",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["orders.*"],
    Role.PRESS_OFFICER: ["orders.*"],
    Role.AGENCY_OFFICER: AGENCY_WORK,
    Role.SPOKESPERSON: READ,
    Role.LEADER: READ,
}
