"""``workstation bench post`` on a small post (issue 16 item 5): lane and analyst processes
against real PostgreSQL and a real Orthanc; everything acknowledged is kept once."""

from __future__ import annotations

import pytest

from tests.conftest import pg_problem, pg_url
from workstation.bench.post import BenchPostError, measure
from workstation.post.orthanc_server import INSTALL_HINT, orthanc_binary


def test_bad_sizes_are_refused_before_anything_starts() -> None:
    with pytest.raises(BenchPostError, match="--lanes and --controls must be at least 1"):
        measure(0, 2)
    with pytest.raises(BenchPostError, match="--analysts must be at least 1"):
        measure(1, 1, analysts=0)


@pytest.mark.slow
@pytest.mark.postgres
def test_a_small_post_loses_and_duplicates_nothing() -> None:
    if orthanc_binary() is None:
        pytest.skip(f"the Orthanc server is not installed ({INSTALL_HINT}); the post bench "
                    "needs it")
    problem = pg_problem()
    if problem:
        pytest.skip(f"PostgreSQL not reachable at {pg_url()} ({problem})")
    figures = measure(2, 2, db_url=pg_url())
    assert figures["problems"] == []
    assert (figures["lanes"], figures["analysts"], figures["controls"]) == (2, 1, 4)
    assert figures["lost"] == 0, figures["lost_detail"]
    assert figures["duplicated"] == 0, figures["duplicated_detail"]
    assert figures["audit_ok"], figures["audit_problems"]
    # Every scan went to the analyst, and each decision was shown at its lane.
    assert figures["analysis_requests"] == {"decided": figures["scans"]}
    assert figures["decisions_at_lanes"] == figures["scans"] >= 4
    # Scans and TDRs (machine and operator) are in the archive, each once.
    assert figures["archive_instances"] == figures["archive_objects"] > figures["scans"]
    assert figures["scan_to_decision_p95_s"] > 0 and figures["archive_push_p95_s"] > 0
