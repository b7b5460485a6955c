"""Full-text search over published contributions and comments.

``search`` is the only entry point. It runs on each database's own full-text engine: SQLite's FTS5
(an external-content table over title and body, kept in step by triggers) and PostgreSQL's
tsvector (a stored generated column with a GIN index), both created by migration 0004. Filters,
orderings, keyset pagination, the strategy below and snippet windowing are shared; the engines
only match words and mark them.

Results come newest or most endorsed first, never by relevance, so no full-text index can hand
over a page in order. For a common word, walking an ordering index and checking each row fills a
page almost at once; for a rare word the same walk could cross the whole table. Planners guess
how common words are, and guess badly for words missing from their statistics or seldom found
together, so search decides for itself: it checks only the first CHECKED_ROWS rows in order, and
if they hold less than a page, takes every match from the full-text index and sorts those.
"""

import re
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import TSVECTOR, plainto_tsquery, ts_headline
from sqlalchemy.orm import Session, aliased

from challenges.contributions import looks_like_public_id
from challenges.models import Contribution, Status

PAGE_SIZE = 20
SORTS = ("newest", "endorsed")
FILTERS = ("challenge_number", "round_id", "sector", "staff_group", "region")

# The tables, columns and indexes migration 0004 adds beyond the models, as (kind, name) pairs,
# so that schema comparisons can leave exactly these out (they never see its triggers or its
# function). FTS5 keeps its index in shadow tables named after the virtual table.
SEARCH_ONLY_OBJECTS = frozenset(
    {
        ("table", "contributions_fts"),
        ("table", "contributions_fts_config"),
        ("table", "contributions_fts_data"),
        ("table", "contributions_fts_docsize"),
        ("table", "contributions_fts_idx"),
        ("column", "search_vector"),
        ("index", "ix_contributions_search_vector"),
        ("index", "ix_contributions_search_newest"),
        ("index", "ix_contributions_search_endorsed"),
        ("index", "ix_contributions_search_round"),
        ("index", "ix_contributions_search_sector"),
        ("index", "ix_contributions_search_staff_group"),
        ("index", "ix_contributions_search_region"),
    }
)


def in_schema_comparison(name, type_, _parent_names) -> bool:
    """Alembic's include_name hook: compare everything but the search-only objects."""
    return (type_, name) not in SEARCH_ONLY_OBJECTS


# How many rows, in order, are checked one by one before search turns to the full-text index
# (unless there are no more rows than this to check).
CHECKED_ROWS = 2_000
# Private-use characters never occur in what people type, so they can mark matches in text that
# is escaped later; a stray one in a body would only misplace a highlight.
MATCH_START, MATCH_END = "\ue000", "\ue001"
SNIPPET_WORDS = 40
WORDS_BEFORE_MATCH = 8

# The shape of challenges.contributions.new_public_id. Any other cursor is ignored unread: it could
# hold characters a database refuses outright, such as NUL on PostgreSQL.

Segment = tuple[str, bool]


@dataclass(frozen=True)
class SearchQuery:
    """What someone searched for: words (all must match), exact-value filters and an order."""

    text: str = ""
    challenge_number: int | None = None
    round_id: int | None = None
    sector: str | None = None
    staff_group: str | None = None
    region: str | None = None
    sort: str = "newest"

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")

    @property
    def terms(self) -> tuple[str, ...]:
        """The words searched for, in letters and digits only."""
        # Quotes, brackets, '*', '-' and the like are dropped, so that nothing typed can reach
        # either engine's query syntax; words such as AND or NEAR are searched for as words.
        return tuple(re.findall(r"[^\W_]+", self.text))


@dataclass
class SearchResult:
    contribution: Contribution
    # For a comment, the published contribution it replies to; None for a contribution.
    parent_public_id: str | None
    parent_title: str | None
    # The body around the first match, as (text, is_match) pieces for the template to escape.
    snippet: list[Segment]


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    next_after: str | None


class _Fts5:
    """SQLite: the contributions_fts table, searched with MATCH and marked with highlight()."""

    index = table("contributions_fts", column("rowid"))
    # The hidden column named after the table: MATCH and highlight() take it.
    index_column = literal_column("contributions_fts")

    def plan_each_search(self, db: Session) -> None:
        """Nothing to do: SQLite plans every statement afresh."""

    def row_matches(self, terms: tuple[str, ...]) -> ColumnElement[bool]:
        # FTS5 reads a word's whole list of rows for every probe, so one pass collects them all.
        return Contribution.id.in_(select(self.index.c.rowid).where(self._match(terms)))

    def only_matches(self, statement: Select, terms: tuple[str, ...]) -> Select:
        return statement.join(self.index, self.index.c.rowid == Contribution.id).where(
            self._match(terms)
        )

    def marked_bodies(self, db: Session, terms: tuple[str, ...], ids: list[int]) -> dict[int, str]:
        marked = func.highlight(self.index_column, 1, MATCH_START, MATCH_END)
        rows = db.execute(
            select(self.index.c.rowid, marked).where(
                self._match(terms), self.index.c.rowid.in_(ids)
            )
        )
        return dict(rows.all())

    def _match(self, terms: tuple[str, ...]) -> ColumnElement[bool]:
        # Each term as an FTS5 string: implicitly ANDed, never read as an operator or a prefix.
        return self.index_column.match(" ".join(f'"{term}"' for term in terms))


class _Tsvector:
    """PostgreSQL: the search_vector column, searched with @@ and marked with ts_headline()."""

    vector = literal_column(f"{Contribution.__tablename__}.search_vector", TSVECTOR)
    headline_options = f"StartSel={MATCH_START}, StopSel={MATCH_END}, HighlightAll=true"

    def plan_each_search(self, db: Session) -> None:
        """Have this transaction's statements planned for their own values, never from a cache."""
        # psycopg prepares a statement run often, and PostgreSQL then reuses one plan made
        # without the values; but the right plan depends on how many rows the words and filters
        # match. A cached plan once took a common word from 15 ms to 1.5 s at a million rows.
        db.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    def row_matches(self, terms: tuple[str, ...]) -> ColumnElement[bool]:
        return self.vector.op("@@")(_tsquery(terms))

    def only_matches(self, statement: Select, terms: tuple[str, ...]) -> Select:
        # A function from migration 0004 that can only read the GIN index: joined to, it gives
        # the planner no way to walk the table instead.
        matching = func.contributions_matching(_tsquery(terms)).table_valued("id")
        return statement.join(matching, matching.c.id == Contribution.id)

    def marked_bodies(self, db: Session, terms: tuple[str, ...], ids: list[int]) -> dict[int, str]:
        marked = ts_headline("english", Contribution.body, _tsquery(terms), self.headline_options)
        rows = db.execute(select(Contribution.id, marked).where(Contribution.id.in_(ids)))
        return dict(rows.all())


def _tsquery(terms: tuple[str, ...]):
    return plainto_tsquery("english", " ".join(terms))


_Engine = _Fts5 | _Tsvector
_ENGINES: dict[str, _Engine] = {"sqlite": _Fts5(), "postgresql": _Tsvector()}


def _sort_key(sort: str) -> tuple:
    if sort == "endorsed":
        return (Contribution.endorsement_count, Contribution.published_at, Contribution.public_id)
    return (Contribution.published_at, Contribution.public_id)


def search(
    db: Session, query: SearchQuery, after: str | None = None, size: int = PAGE_SIZE
) -> SearchPage:
    """One page of published contributions and comments matching the query, in its order.

    ``after`` is the public id of the last result on the previous page (keyset pagination, as on
    the challenge pages). Without words, every published item passing the filters is listed.
    """
    engine = _ENGINES[db.get_bind().dialect.name]
    engine.plan_each_search(db)
    key = _sort_key(query.sort)
    listed = _listed(db, query, key, after)
    if query.terms:
        rows = _matching_rows(db, engine, query.terms, listed, key, size)
    else:
        rows = db.execute(_page(listed, key, size)).all()
    shown = rows[:size]
    next_after = shown[-1][0].public_id if len(rows) > size else None
    return SearchPage(_results(db, engine, query.terms, shown), next_after)


def _listed(db: Session, query: SearchQuery, key: tuple, after: str | None) -> list:
    """Conditions for published rows passing the filters, after the cursor if there is one."""
    conditions = [Contribution.status == Status.PUBLISHED] + [
        getattr(Contribution, name) == value
        for name in FILTERS
        if (value := getattr(query, name)) is not None
    ]
    anchor = _anchor(db, after, key) if looks_like_public_id(after) else None
    if anchor is not None:
        conditions.append(tuple_(*key) < anchor)
    return conditions


def _matching_rows(
    db: Session, engine: _Engine, terms: tuple[str, ...], listed: list, key: tuple, size: int
) -> list:
    """A page of matches: from the first CHECKED_ROWS rows in order, else from the index."""
    first_rows = (
        select(Contribution.public_id)
        .where(*listed)
        .order_by(*_descending(key))
        .limit(CHECKED_ROWS)
        .correlate(None)
    )
    checked = [*listed, Contribution.public_id.in_(first_rows), engine.row_matches(terms)]
    rows = db.execute(_page(checked, key, size)).all()
    if len(rows) > size or _count(db, first_rows) < CHECKED_ROWS:
        return rows
    return db.execute(engine.only_matches(_page(listed, key, size), terms)).all()


def _page(conditions: list, key: tuple, size: int) -> Select:
    """Up to size + 1 rows in order, each with its parent's public id and title for a comment."""
    parent = aliased(Contribution)
    return (
        select(Contribution, parent.public_id, parent.title)
        .outerjoin(parent, Contribution.parent_id == parent.id)
        .where(
            *conditions, or_(Contribution.parent_id.is_(None), parent.status == Status.PUBLISHED)
        )
        .order_by(*_descending(key))
        .limit(size + 1)
    )


def _results(db: Session, engine: _Engine, terms: tuple[str, ...], rows) -> list[SearchResult]:
    marked = (
        engine.marked_bodies(db, terms, [item.id for item, *_ in rows]) if terms and rows else {}
    )
    return [
        SearchResult(item, parent_public_id, parent_title, _snippet(marked.get(item.id, item.body)))
        for item, parent_public_id, parent_title in rows
    ]


def _count(db: Session, statement: Select) -> int:
    return db.scalar(select(func.count()).select_from(statement.subquery()))


def _descending(key: tuple) -> list:
    return [column.desc() for column in key]


def _anchor(db: Session, public_id: str, key: tuple):
    row = db.execute(
        select(*key).where(
            Contribution.public_id == public_id, Contribution.status == Status.PUBLISHED
        )
    ).first()
    return tuple_(*row) if row else None


def _snippet(marked: str) -> list[Segment]:
    """About SNIPPET_WORDS words of the marked text, starting a little before the first match."""
    segments = _segments(marked)
    plain = "".join(part for part, _ in segments)
    words = [match.span() for match in re.finditer(r"\S+", plain)]
    if not words:
        return []
    first_match = _first_match_offset(segments)
    first_word = next(n for n, (_, end) in enumerate(words) if end > first_match)
    start_word = max(0, first_word - WORDS_BEFORE_MATCH)
    last_word = min(len(words), start_word + SNIPPET_WORDS) - 1
    start, end = words[start_word][0], words[last_word][1]
    window = _cut(segments, start, end)
    if start_word > 0:
        window.insert(0, ("… ", False))
    if last_word < len(words) - 1:
        window.append((" …", False))
    return window


def _segments(marked: str) -> list[Segment]:
    # re.split with a group alternates unmarked and marked text: odd positions were marked.
    parts = re.split(f"{MATCH_START}(.*?){MATCH_END}", marked, flags=re.DOTALL)
    return [(part, position % 2 == 1) for position, part in enumerate(parts) if part]


def _first_match_offset(segments: list[Segment]) -> int:
    offset = 0
    for part, is_match in segments:
        if is_match:
            return offset
        offset += len(part)
    return 0


def _cut(segments: list[Segment], start: int, end: int) -> list[Segment]:
    window, offset = [], 0
    for part, is_match in segments:
        piece = part[max(start - offset, 0) : max(end - offset, 0)]
        if piece:
            window.append((piece, is_match))
        offset += len(part)
    return window
