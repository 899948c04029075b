"""A lane process for the kill test: stores scans into the outbox (and pushes them) until it
is killed, printing each scan's id once its transaction has committed (acknowledged).

``python -m tests.post.lane_worker DB_URL SCHEMA IMAGE_STORE ARCHIVE_URL USER PASSWORD``
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.post.conftest import ORIGIN, small_scan
from workstation.db.engine import Database, make_engine
from workstation.post.archive import OrthancArchive
from workstation.post.outbox import OutboxPusher
from workstation.scans.service import save_scan
from workstation.scans.store import ImageStore


def main(url: str, schema: str, images: str, archive_url: str, user: str, password: str) -> None:
    db = Database(make_engine(url, connect_args={"options": f"-csearch_path={schema}"}))
    store = ImageStore(Path(images))
    archive = OrthancArchive(archive_url, username=user, password=password)
    OutboxPusher(db, archive, ORIGIN, retry_initial_s=0.05, retry_max_s=0.5).start()
    seed = 100
    while True:  # until killed
        row = save_scan(db, store, small_scan(seed), kind="parcel", archive_origin=ORIGIN)
        print(row.id, flush=True)
        seed += 1


if __name__ == "__main__":
    main(*sys.argv[1:7])
