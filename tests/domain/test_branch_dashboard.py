"""Branch dashboards show no count below the threshold and let none be worked out by subtraction.

Property-based: random attributed contributions are stored for real, the dashboard is built
from the database, and every table is checked against the true counts.
"""

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from challenges import branch_dashboard
from challenges.contributions import new_public_id
from challenges.lifecycle import utcnow
from challenges.models import Contribution, Kind, Status
from tests.domain.test_suppression import assert_nothing_recoverable, with_totals
from tests.fixtures.branches import make_branch

THRESHOLD = 5
MONTHS = branch_dashboard.recent_months(utcnow().date())
# Small counts, often below the threshold, in a few challenges and months.
COUNTS = st.dictionaries(
    st.tuples(st.integers(1, 6), st.sampled_from(MONTHS)), st.integers(0, 12), max_size=14
)


def _store(db, branch, counts) -> None:
    db.execute(delete(Contribution))
    rows = [
        {
            "public_id": new_public_id(),
            "kind": Kind.CONTRIBUTION,
            "challenge_number": number,
            "title": "t",
            "body": "b",
            "show_facts": False,
            "status": Status.PUBLISHED,
            "submitted_at": datetime.fromisoformat(f"{month}-02"),
            "published_at": datetime.fromisoformat(f"{month}-03"),
            "branch_id": branch.id,
            "safeguarding": False,
            "identifying_found": False,
            "redacted": False,
            "report_count": 0,
            "endorsement_count": 0,
        }
        for (number, month), count in counts.items()
        for _ in range(count)
    ]
    if rows:
        db.execute(insert(Contribution), rows)
    db.commit()


def _true_grid(counts):
    return [[counts.get((number, month), 0) for month in MONTHS] for number in range(1, 7)]


def _check(table, true_grid) -> None:
    grid = with_totals(true_grid)
    shown = [[*cells, total] for cells, total in zip(table.cells, table.row_totals, strict=True)]
    shown.append([*table.column_totals, table.grand_total])
    hidden = set()
    for i, line in enumerate(shown):
        for j, value in enumerate(line):
            if value is None:
                hidden.add((i, j))
            else:
                assert value == grid[i][j] and (value == 0 or value >= THRESHOLD)
    assert_nothing_recoverable(grid, hidden)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(counts=COUNTS)
def test_the_challenge_by_month_table_is_safe(db, counts):
    branch = make_branch(db)
    _store(db, branch, counts)
    dashboard = branch_dashboard.build_dashboard(db, branch.name, [branch], THRESHOLD)
    _check(dashboard.by_challenge_and_month, _true_grid(counts))
    for _table, _row, _column, value in branch_dashboard.dashboard_csv_rows(dashboard):
        assert value == "suppressed" or value == 0 or value >= THRESHOLD
