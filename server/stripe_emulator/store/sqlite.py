"""The durable backend: every account in one SQLite file (`stripe-emulator --data FILE`).

Memory stays the place reads are served from; this file is where each commit goes, in one
SQLite transaction, before the response is sent. WAL with `synchronous=NORMAL`: a commit is
in the file once the write returns, so a killed server (SIGKILL) loses no answered write;
only a power loss could cost the last few. On start every account is read back whole.

One row per object: (account, kind, id, position, deleted, JSON), so a commit writes exactly
the objects its journal names, and indexes are rebuilt in memory from the objects.
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
CREATE TABLE IF NOT EXISTS accounts (key TEXT PRIMARY KEY, meta BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS objects (
    account TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
    pos INTEGER NOT NULL, deleted INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (account, kind, id)
) WITHOUT ROWID;
"""
UPSERT = "INSERT OR REPLACE INTO objects VALUES (?, ?, ?, ?, ?, ?)"
DELETE = "DELETE FROM objects WHERE account = ? AND kind = ? AND id = ?"
META = "INSERT OR REPLACE INTO accounts VALUES (?, ?)"


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

    def load(self) -> Iterator[tuple[str, dict[str, Any]]]:
        docs: dict[str, dict[str, Any]] = {}
        for key, meta in self.db.execute("SELECT key, meta FROM accounts"):
            docs[key] = {"meta": orjson.loads(meta), "collections": {}}
        loads = orjson.loads
        for key, kind, pos, deleted, data in self.db.execute(
                "SELECT account, kind, pos, deleted, data FROM objects"):
            doc = docs.get(key)
            if doc is None:  # rows of an account whose meta row never landed: not readable
                continue
            coll = doc["collections"].setdefault(kind, {"objects": [], "deleted": []})
            if deleted:
                coll["deleted"].append(loads(data))
            else:
                coll["objects"].append((pos, loads(data)))
        return iter(docs.items())

    def save(self, account: Account, tx: Transaction) -> None:
        key, collections, dumps = account.key, account.collections, orjson.dumps
        rows, gone = [], []
        for kind, obj_id in tx.touched():
            coll = collections[kind]
            obj = coll.objects.get(obj_id)
            if obj is not None:
                rows.append((key, kind, obj_id, coll.pos[obj_id], 0, dumps(obj)))
            elif obj_id in coll.deleted:
                rows.append((key, kind, obj_id, -1, 1, dumps(coll.deleted[obj_id])))
            else:
                gone.append((key, kind, obj_id))
        db = self.db
        db.execute("BEGIN")
        try:
            db.execute(META, (key, dumps(account.meta())))
            if rows:
                db.executemany(UPSERT, rows)
            if gone:
                db.executemany(DELETE, gone)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def replace(self, account: Account) -> None:
        dumps = orjson.dumps
        db = self.db
        db.execute("BEGIN")
        try:
            self._erase(account.key)
            db.execute(META, (account.key, dumps(account.meta())))
            for kind, coll in account.collections.items():
                db.executemany(UPSERT, [(account.key, kind, obj["id"], at, 0, dumps(obj))
                                        for at, obj in coll.rows()])
                db.executemany(UPSERT, [(account.key, kind, stub["id"], -1, 1, dumps(stub))
                                        for stub in coll.deleted.values()])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _erase(self, key: str) -> None:
        self.db.execute("DELETE FROM objects WHERE account = ?", (key,))
        self.db.execute("DELETE FROM accounts WHERE key = ?", (key,))

    def erase(self, key: str) -> None:
        self.db.execute("BEGIN")
        self._erase(key)
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
