"""Services of the core: units of work over the record, each in one transaction."""

# Imported with any service: its session hooks tell the post's other lanes and users about
# changes to the referral queue, controls and the analysis queue (LISTEN/NOTIFY).
from workstation.services import post_events as _post_events  # noqa: F401
