"""Partner feeds as the data manager sees them: a system's files, the quarantine, the unlinked
queue and the feed calendar, each read from the population platform (``engineroom.population``)
without heavy work per request. A system's feeds are those sent by organisations in its
footprint. The reads live in one module per part and are all importable from here.
"""

from engineroom.feeds.queries.files import (
    REFERENCE_SENDER,
    STATUSES,
    FeedSummary,
    calendar,
    feed,
    filter_choices,
    filter_feeds,
    late_feeds,
    senders,
    summary,
    system_feeds,
    var_dir,
)
from engineroom.feeds.queries.quarantine import (
    PER_PAGE,
    Rows,
    choices,
    is_nhs_number,
    issues,
    open_request,
    page_of_issues,
    pending_rows,
    quarantine_to_work,
    resubmission_senders,
    resubmissions,
    row,
    shown,
)
from engineroom.feeds.queries.unlinked import (
    candidates,
    find,
    is_candidate,
    page_of_unlinked,
    pending_links,
    record,
    unlinked,
)

QUEUE_LIMIT = PER_PAGE  # rows of a quarantine or unlinked queue shown on one page

__all__ = [
    "PER_PAGE",
    "QUEUE_LIMIT",
    "REFERENCE_SENDER",
    "STATUSES",
    "FeedSummary",
    "Rows",
    "calendar",
    "candidates",
    "choices",
    "feed",
    "filter_choices",
    "filter_feeds",
    "find",
    "is_candidate",
    "is_nhs_number",
    "issues",
    "late_feeds",
    "open_request",
    "page_of_issues",
    "page_of_unlinked",
    "pending_links",
    "pending_rows",
    "quarantine_to_work",
    "record",
    "resubmission_senders",
    "resubmissions",
    "row",
    "senders",
    "shown",
    "summary",
    "system_feeds",
    "unlinked",
    "var_dir",
]
