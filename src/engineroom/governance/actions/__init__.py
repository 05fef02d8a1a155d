"""Every governance write: one function per use case, keyword-only ``by=``, atomic, audited once.

Each records one ``governance.<what_happened>`` event whose subject names the object
(``governance.decision:<pk>``), which is how an object's history is read back.
"""

from engineroom.governance.actions.bodies import (
    add_delegation,
    add_member,
    change_body,
    create_body,
    end_member,
)
from engineroom.governance.actions.decisions import (
    agree_decision,
    propose_decision,
    record_partner_decision,
    withdraw_decision,
)
from engineroom.governance.actions.interests import declare_interest, submit_return
from engineroom.governance.actions.meetings import (
    add_action,
    add_item,
    add_paper,
    complete_action,
    record_attendance,
    schedule_meeting,
)
from engineroom.governance.actions.minutes import (
    approve_minutes,
    draft_minutes,
    publish_minutes,
)

__all__ = [
    "add_action",
    "add_delegation",
    "add_item",
    "add_member",
    "add_paper",
    "agree_decision",
    "approve_minutes",
    "change_body",
    "complete_action",
    "create_body",
    "declare_interest",
    "draft_minutes",
    "end_member",
    "propose_decision",
    "publish_minutes",
    "record_attendance",
    "record_partner_decision",
    "schedule_meeting",
    "submit_return",
    "withdraw_decision",
]
