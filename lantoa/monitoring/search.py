"""Full-text search over items, accent-insensitive both ways ("thai nguyen" finds "Thái Nguyên", "đ" matches "d").

SQLite: an FTS5 table holding the *folded* text (our own folding, which maps đ to d; FTS5's remove_diacritics
does not), queried with the folded query. PostgreSQL: a tsvector of ``unaccent`` text in a side table, queried with
``plainto_tsquery('simple', unaccent(query))``. Both are created by migration 0002.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from lantoa.monitoring.models import Item
from lantoa.vntext.normalize import fold

SQLITE_TABLE = "monitoring_item_fts"
POSTGRES_TABLE = "monitoring_itemsearch"


def index_items(items: Sequence[Item], folded: Sequence[tuple[str, str, str]] | None = None) -> None:
    """Add items to the search index; ``folded`` (title, lead, body folded, as the analysis computed them) saves
    folding again on SQLite."""
    if not items:
        return
    if connection.vendor == "postgresql":
        rows = [(item.pk, item.title, item.lead, item.body) for item in items]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {POSTGRES_TABLE} (item_id, document) VALUES "  # noqa: S608 - constant table name
                "(%s, setweight(to_tsvector('simple', unaccent(%s)), 'A') || "
                "setweight(to_tsvector('simple', unaccent(%s)), 'B') || to_tsvector('simple', unaccent(%s))) "
                "ON CONFLICT (item_id) DO NOTHING",
                rows,
            )
    else:
        if folded is None:
            folded = [(fold(item.title), fold(item.lead), fold(item.body)) for item in items]
        rows = [(item.pk, *parts) for item, parts in zip(items, folded, strict=True)]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {SQLITE_TABLE} (rowid, title, lead, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )


def _fts5_query(query: str) -> str:
    """Every word of the query must appear (AND), as a quoted token: FTS5 syntax characters cannot break it."""
    words = [word for word in fold(query).replace('"', " ").split() if word]
    return " ".join(f'"{word}"' for word in words)


# Up to this many matches, the stream filters on the exact list of matching ids; beyond, on the subquery.
FEW_MATCHES = 1000


def filter_matching(items: QuerySet[Item], query: str) -> tuple[QuerySet[Item], bool]:
    """The items of ``items`` that match ``query``, in whatever order the caller asks (the stream: newest first).

    No ranking: ranking every match of a common word reads every matching document (1.3 s for 40,000 matches
    among 380,000 items, doc/scaling.md). "The newest matches" of a common word is a walk down the date index
    that stops at the page (16 ms at a million items). That walk is a disaster for a rare word, which PostgreSQL
    cannot tell from a common one it has no statistics for (17 s for a word with no match): so the matches are
    first counted up to FEW_MATCHES from the full-text index, and a rare word's few ids are passed as a list.
    Returns the items and whether the word is common (more than FEW_MATCHES matches): then the caller should not
    count them all either (with a filter, counting means testing each match's document: 250–500 ms).
    """
    if connection.vendor == "postgresql":
        sql = f"SELECT item_id FROM {POSTGRES_TABLE} WHERE document @@ plainto_tsquery('simple', unaccent(%s))"  # noqa: S608
        params = [query]
    else:
        expression = _fts5_query(query)
        if not expression:
            return items.none(), False
        sql, params = f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [expression]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*params, FEW_MATCHES + 1])
        few = [row[0] for row in cursor.fetchall()]
    if len(few) <= FEW_MATCHES:
        return items.filter(id__in=few), False
    return items.filter(id__in=RawSQL(sql, params)), True  # noqa: S611 - constant SQL; the query is a parameter


def matching_ids(query: str, limit: int = 1000) -> list[int]:
    """Ids of the items matching ``query``, best first (`lantoa search`; the stream uses filter_matching)."""
    if not query.strip():
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT item_id FROM {POSTGRES_TABLE} WHERE document @@ plainto_tsquery('simple', unaccent(%s)) "  # noqa: S608
                "ORDER BY ts_rank(document, plainto_tsquery('simple', unaccent(%s))) DESC LIMIT %s",
                [query, query, limit],
            )
        else:
            expression = _fts5_query(query)
            if not expression:
                return []
            cursor.execute(
                f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s ORDER BY bm25({SQLITE_TABLE}, 10.0, 5.0, 1.0) LIMIT %s",  # noqa: S608, E501
                [expression, limit],
            )
        return [row[0] for row in cursor.fetchall()]
