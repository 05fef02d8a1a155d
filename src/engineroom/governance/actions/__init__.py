"""Every governance write: one function per use case, keyword-only ``by=``, atomic, audited once.

Each records one ``governance.<what_happened>`` event whose subject names the object
(``governance.decision:<pk>``), which is how an object's history is read back.
"""

from engineroom.governance.actions.agenda import (
    add_item,
    edit_item,
    move_item,
    withdraw_item,
)
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
    Attendee,
    add_action,
    cancel_meeting,
    complete_action,
    record_attendance,
    reschedule_meeting,
    schedule_meeting,
)
from engineroom.governance.actions.minutes import (
    approve_minutes,
    draft_minutes,
    publish_minutes,
)
from engineroom.governance.actions.papers import add_paper, replace_paper, withdraw_paper

__all__ = [
    "Attendee",
    "add_action",
    "add_delegation",
    "add_item",
    "add_member",
    "add_paper",
    "agree_decision",
    "approve_minutes",
    "cancel_meeting",
    "change_body",
    "complete_action",
    "create_body",
    "declare_interest",
    "draft_minutes",
    "edit_item",
    "end_member",
    "move_item",
    "propose_decision",
    "publish_minutes",
    "record_attendance",
    "record_partner_decision",
    "replace_paper",
    "reschedule_meeting",
    "schedule_meeting",
    "submit_return",
    "withdraw_decision",
    "withdraw_item",
    "withdraw_paper",
]
