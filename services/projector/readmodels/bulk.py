"""Set-based writes: many rows in one INSERT, from unnest(arrays) for a few rows, from a
COPY into a temporary staging table for many (psycopg formats COPY rows in C).

Either way values arrive typed as the per-event statements used to send them as parameters (a
Python float went as float8, so a numeric column still gets float8's cast), so the stored rows
are the same as when each row had its own statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from psycopg import Cursor, sql
from pydantic_core import to_json

# from this many rows on, COPY's fixed cost (three more statements) pays for itself
COPY_MIN_ROWS = 64
Column = tuple[str, str]  # (name, type its values are cast to before the column's own cast)


def _text(v: Any) -> str:
    return str(v)


def _float8(v: Any) -> str:
    return repr(float(v))


def _bool(v: Any) -> str:
    return "t" if v else "f"


def _jsonb(v: Any) -> str:
    """JSON text for a jsonb column: the same jsonb value as json.dumps's text (which psycopg's
    Jsonb wrapper sends), in a third of the time. NaN and Infinity are written as json.dumps
    writes them, so PostgreSQL refuses them as before."""
    return to_json(v, inf_nan_mode="constants").decode()


_TO_TEXT: dict[str, Callable[[Any], str]] = {
    "float8": _float8, "bool": _bool, "jsonb": _jsonb}


def _array(values: list[Any], pgtype: str) -> list[str | None]:
    conv = _TO_TEXT.get(pgtype, _text)
    return [None if v is None else conv(v) for v in values]


def insert_rows(cur: Cursor, table: str, columns: Sequence[Column],
                rows: Sequence[Sequence[Any]], tail: str = "") -> None:
    """INSERT every row of ``rows`` (tuples in ``columns`` order) in one statement; ``tail`` is
    the ON CONFLICT clause if any."""
    if not rows:
        return
    if len(rows) >= COPY_MIN_ROWS:
        _copy_rows(cur, table, columns, rows, tail)
        return
    names = sql.SQL(", ").join(sql.Identifier(n) for n, _ in columns)
    arrays = sql.SQL(", ").join(
        sql.SQL("%b::text[]::{}[]").format(sql.SQL(t)) for _, t in columns)
    query = sql.SQL("INSERT INTO {} ({}) SELECT * FROM unnest({}) ").format(
        sql.Identifier(table), names, arrays) + sql.SQL(tail)
    cur.execute(query, [_array([r[i] for r in rows], t) for i, (_, t) in enumerate(columns)])


def _copy_rows(cur: Cursor, table: str, columns: Sequence[Column],
               rows: Sequence[Sequence[Any]], tail: str) -> None:
    stage = sql.Identifier("pg_temp", f"stage_{table}")
    names = sql.SQL(", ").join(sql.Identifier(n) for n, _ in columns)
    # once per session; emptied after each use (a batch redone event by event reuses it)
    cur.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} ({})").format(
        stage, sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(t))
                                  for n, t in columns)))
    jsonb = [i for i, (_, t) in enumerate(columns) if t == "jsonb"]
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)) as copy:
        for r in rows:
            if jsonb:
                r = list(r)
                for i in jsonb:
                    r[i] = None if r[i] is None else _jsonb(r[i])
            copy.write_row(r)
    cur.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ").format(
        sql.Identifier(table), names, names, stage) + sql.SQL(tail))
    cur.execute(sql.SQL("TRUNCATE {}").format(stage))


def _numeric(v: Any) -> str:
    # what PostgreSQL's float8 -> numeric cast keeps: 15 significant digits (DBL_DIG)
    return f"{float(v):.15g}"


def _integer(v: Any) -> int:
    return round(v) if isinstance(v, float) else int(v)


# append-only columns fed by payload numbers: "num" lands in a numeric column, "intnum" in an
# integer one, each as if sent as a float8 parameter
_APPEND_AS = {"num": ("float8", _numeric), "intnum": ("float8", _integer)}


def append_rows(cur: Cursor, table: str, columns: Sequence[Column],
                rows: Sequence[Sequence[Any]]) -> None:
    """Append rows that cannot conflict (a conflict raises, and the batch is redone event by
    event): COPY straight into the table when there are many."""
    if len(rows) < COPY_MIN_ROWS:
        insert_rows(cur, table, [(n, _APPEND_AS.get(t, (t, None))[0]) for n, t in columns],
                    rows)
        return
    convert = [(i, _APPEND_AS[t][1] if t in _APPEND_AS else _jsonb)
               for i, (_, t) in enumerate(columns) if t in _APPEND_AS or t == "jsonb"]
    names = sql.SQL(", ").join(sql.Identifier(n) for n, _ in columns)
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)) as cp:
        for r in rows:
            if convert:
                r = list(r)
                for i, f in convert:
                    if r[i] is not None:
                        r[i] = f(r[i])
            cp.write_row(r)


def delete_sessions(cur: Cursor, table: str, session_ids: Sequence[str],
                    returning: str = "") -> list[tuple[Any, ...]]:
    """Delete the rows of ``session_ids`` (a session's log replaces its earlier log)."""
    if not session_ids:
        return []
    cur.execute(sql.SQL("DELETE FROM {} WHERE session_id = ANY(%s::uuid[]) ").format(
        sql.Identifier(table)) + sql.SQL(returning), (list(session_ids),))
    return cur.fetchall() if returning else []
