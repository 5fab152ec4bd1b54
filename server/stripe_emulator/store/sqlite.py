"""The durable backend: every account in one SQLite file (`stripe-emulator --data FILE`).

Memory stays the place reads are served from; this file is where each commit goes, before
the response is sent. WAL with `synchronous=NORMAL`: a commit is in the file once its write
returns, so a killed server (SIGKILL) loses no answered write; only a power loss could cost
the last few.

The file is a log: a commit appends one row holding every object its journal touched (as it
now stands, as a deleted stub, or gone) and the account's id stream. Appending is sequential,
~2.5x cheaper per commit than updating a row per object in a keyed table. Reading back
replays the log in order (the last word on each object wins); when superseded entries
outweigh the live state, the log is compacted: rewritten as the live state alone.
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
CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, account TEXT NOT NULL,
                                changes BLOB NOT NULL);
"""
APPEND = "INSERT INTO log (account, changes) VALUES (?, ?)"
LIVE, STUB, GONE = 0, 1, 2  # what an entry says of an object
ERASED = "erased"  # an entry that forgets everything before it of its account
CHUNK = 2_000  # objects a row of a compacted log holds


class SQLiteBackend(Backend):
    durable = True

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.entries = 0  # object entries in the log, superseded ones included
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

    def _replay(self) -> dict[str, dict[str, Any]]:
        """Every account's meta and objects: {key: {"meta", "objects": {(kind, id): entry}}}."""
        accounts: dict[str, dict[str, Any]] = {}
        loads, entries = orjson.loads, 0
        for key, changes in self.db.execute("SELECT account, changes FROM log ORDER BY seq"):
            meta, ops = loads(changes)
            if meta == ERASED:
                accounts.pop(key, None)
                continue
            account = accounts.setdefault(key, {"meta": meta, "objects": {}})
            account["meta"] = meta
            objects = account["objects"]
            for kind, obj_id, what, pos, obj in ops:
                entries += 1
                if what == GONE:
                    objects.pop((kind, obj_id), None)
                else:
                    objects[(kind, obj_id)] = (what, pos, obj)
        self.entries = entries
        return accounts

    def load(self) -> Iterator[tuple[str, dict[str, Any]]]:
        accounts = self._replay()
        live = sum(len(a["objects"]) for a in accounts.values())
        if self.entries > 2 * live + 10_000:  # mostly superseded: keep the live state only
            self._compact(accounts)
        docs = {}
        for key, account in accounts.items():
            collections: dict[str, dict[str, list]] = {}
            for (kind, _), (what, pos, obj) in account["objects"].items():
                coll = collections.setdefault(kind, {"objects": [], "deleted": []})
                if what == LIVE:
                    coll["objects"].append((pos, obj))
                else:
                    coll["deleted"].append(obj)
            docs[key] = {"meta": account["meta"], "collections": collections}
        return iter(docs.items())

    def _compact(self, accounts: dict[str, dict[str, Any]]) -> None:
        rows = []
        for key, account in accounts.items():
            ops = [[kind, obj_id, what, pos, obj]
                   for (kind, obj_id), (what, pos, obj) in account["objects"].items()]
            for at in range(0, max(len(ops), 1), CHUNK):
                rows.append((key, orjson.dumps([account["meta"], ops[at:at + CHUNK]])))
        self._write(rows, replace_all=True)
        self.entries = sum(len(a["objects"]) for a in accounts.values())

    # Writing -----------------------------------------------------------------------------

    def _write(self, rows: list[tuple[str, bytes]], replace_all: bool = False) -> None:
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
        collections, ops = account.collections, []
        for kind, obj_id in tx.touched():
            coll = collections[kind]
            obj = coll.objects.get(obj_id)
            if obj is not None:
                ops.append((kind, obj_id, LIVE, coll.pos[obj_id], obj))
            elif obj_id in coll.deleted:
                ops.append((kind, obj_id, STUB, -1, coll.deleted[obj_id]))
            else:
                ops.append((kind, obj_id, GONE, -1, None))
        self.db.execute(APPEND, (account.key, orjson.dumps((account.meta(), ops))))
        self.entries += len(ops)

    def replace(self, account: Account) -> None:
        ops = [(kind, obj["id"], LIVE, at, obj)
               for kind, coll in account.collections.items() for at, obj in coll.rows()]
        ops += [(kind, stub["id"], STUB, -1, stub)
                for kind, coll in account.collections.items() for stub in coll.deleted.values()]
        rows = [(account.key, orjson.dumps((ERASED, [])))]
        for at in range(0, max(len(ops), 1), CHUNK):
            rows.append((account.key, orjson.dumps((account.meta(), ops[at:at + CHUNK]))))
        self._write(rows)
        self.entries += len(ops)

    def erase(self, key: str) -> None:
        self.db.execute(APPEND, (key, orjson.dumps((ERASED, []))))

    def close(self) -> None:
        self.db.close()
