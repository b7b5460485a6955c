"""Loading many contributions fast, shared by the benchmarks that need a big table."""

from collections.abc import Iterable, Sequence

from sqlalchemy import column, insert, table
from sqlalchemy.engine import Engine

from challenges.models import Contribution

BATCH = 10_000


def load_contributions(engine: Engine, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Load rows (tuples in ``columns`` order): COPY on PostgreSQL, batched inserts elsewhere."""
    if engine.dialect.name == "postgresql":
        _copy(engine, columns, rows)
    else:
        _insert_in_batches(engine, columns, rows)


def _copy(engine: Engine, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    connection = engine.raw_connection()
    try:
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY contributions ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # COPY gave explicit ids; new rows must carry on after them.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('contributions', 'id'), max(id)) "
                "FROM contributions"
            )
        connection.commit()
    finally:
        connection.close()


def _insert_in_batches(engine: Engine, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    # Only the columns loaded, with the models' types, so later columns cannot get in the way.
    target = table(
        "contributions", *(column(name, Contribution.__table__.c[name].type) for name in columns)
    )
    with engine.begin() as connection:
        batch = []
        for row in rows:
            batch.append(dict(zip(columns, row, strict=True)))
            if len(batch) == BATCH:
                connection.execute(insert(target), batch)
                batch = []
        if batch:
            connection.execute(insert(target), batch)
