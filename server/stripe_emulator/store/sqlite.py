"""The durable backend: every account in one SQLite file (`stripe-emulator --data FILE`).

Memory stays the place reads are served from; this file is where each commit goes, before
the response is sent. WAL with `synchronous=NORMAL`: a commit is in the file once its write
returns, so a killed server (SIGKILL) loses no answered write; only a power loss could cost
the last few.

The file is a log: a commit appends a row for every object its journal touched (as it now
stands, as a deleted stub, or gone) and one for the account's id stream. Appending is
sequential, ~2.5x cheaper per commit than updating rows of a table keyed by id. Reading back
replays the log in order: the last row of each object wins, and only those are parsed. When
superseded rows outnumber the live ones, the log is compacted to the live rows alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .base import FORMAT, Backend, IncompatibleData

if TYPE_CHECKING:
    from .journal import Transaction
    from .memory import Account

SCHEMA = """
CREATE TABLE IF NOT EXISTS emulator (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY, account TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
    what INTEGER NOT NULL, pos INTEGER NOT NULL, data BLOB
);
"""
APPEND = "INSERT INTO log (account, kind, id, what, pos, data) VALUES (?, ?, ?, ?, ?, ?)"
LIVE, STUB, GONE = 0, 1, 2  # what a row says of an object
META = "$meta"  # the kind of an account's own row: its mode and id stream
ERASED = "$erased"  # the kind of a row that forgets everything before it of its account

Row = tuple[str, str, str, int, int, "bytes | None"]


class SQLiteBackend(Backend):
    durable = True

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._check_format()
        except sqlite3.DatabaseError as exc:
            raise IncompatibleData(f"{self.path} is not a stripe-emulator data file ({exc}).") \
                from None

    def _check_format(self) -> None:
        tables = {row[0] for row in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "emulator" not in tables:
            raise IncompatibleData(
                f"{self.path} is an SQLite file, but not a stripe-emulator data file.")
        self.db.executescript(SCHEMA)
        row = self.db.execute("SELECT value FROM emulator WHERE name = 'format'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO emulator VALUES ('format', ?)", (str(FORMAT),))
        elif row[0] != str(FORMAT):
            raise IncompatibleData(
                f"{self.path} holds data in format {row[0]}, and this stripe-emulator reads "
                f"format {FORMAT} only. Start with another --data file, or the version that "
                "wrote this one.")

    # Reading back ------------------------------------------------------------------------

    def load(self) -> Iterator[tuple[str, dict[str, Any]]]:
        latest: dict[str, dict[tuple[str, str], Row]] = {}
        count = 0
        for row in self.db.execute(
                "SELECT account, kind, id, what, pos, data FROM log ORDER BY seq"):
            count += 1
            key, kind = row[0], row[1]
            if kind == ERASED:
                latest.pop(key, None)
            else:
                latest.setdefault(key, {})[(kind, row[2])] = row
        survivors = [row for rows in latest.values() for row in rows.values()
                     if row[3] != GONE]
        if count > 2 * len(survivors) + 10_000:  # mostly superseded: keep the live rows only
            self._write(survivors, replace_all=True)
        loads = orjson.loads
        docs: dict[str, dict[str, Any]] = {}
        for key, rows in latest.items():
            meta_row = rows.pop((META, ""), None)
            if meta_row is None:  # objects whose account row never landed: not readable
                continue
            collections: dict[str, dict[str, list]] = {}
            for kind, _, what, pos, data in (row[1:] for row in rows.values()):
                if what == GONE:
                    continue
                coll = collections.setdefault(kind, {"objects": [], "deleted": []})
                if what == LIVE:
                    coll["objects"].append((pos, loads(data)))
                else:
                    coll["deleted"].append(loads(data))
            docs[key] = {"meta": loads(meta_row[5]), "collections": collections}
        return iter(docs.items())

    # Writing -----------------------------------------------------------------------------

    def _write(self, rows: list[Row], replace_all: bool = False) -> None:
        db = self.db
        db.execute("BEGIN")
        try:
            if replace_all:
                db.execute("DELETE FROM log")
            db.executemany(APPEND, rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def save(self, account: Account, tx: Transaction) -> None:
        key, collections, dumps = account.key, account.collections, orjson.dumps
        rows: list[Row] = [(key, META, "", LIVE, 0, dumps(account.meta()))]
        for kind, obj_id in tx.touched():
            coll = collections[kind]
            obj = coll.objects.get(obj_id)
            if obj is not None:
                rows.append((key, kind, obj_id, LIVE, coll.pos[obj_id], dumps(obj)))
            elif obj_id in coll.deleted:
                rows.append((key, kind, obj_id, STUB, -1, dumps(coll.deleted[obj_id])))
            else:
                rows.append((key, kind, obj_id, GONE, -1, None))
        self._write(rows)

    def replace(self, account: Account) -> None:
        key, dumps = account.key, orjson.dumps
        rows: list[Row] = [(key, ERASED, "", GONE, -1, None),
                           (key, META, "", LIVE, 0, dumps(account.meta()))]
        for kind, coll in account.collections.items():
            rows += [(key, kind, obj["id"], LIVE, at, dumps(obj)) for at, obj in coll.rows()]
            rows += [(key, kind, stub["id"], STUB, -1, dumps(stub))
                     for stub in coll.deleted.values()]
        self._write(rows)

    def erase(self, key: str) -> None:
        self._write([(key, ERASED, "", GONE, -1, None)])

    def close(self) -> None:
        self.db.close()
