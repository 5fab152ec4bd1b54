"""The durable backend: every account in one SQLite file (`stripe-emulator --data FILE`).

Memory stays the place reads are served from; this file is where each commit goes, before
the response is sent. WAL with `synchronous=NORMAL`: a commit is in the file once its write
returns, so a killed server (SIGKILL) loses no answered write; only a power loss could cost
the last few.

The file is a log: a commit appends a row for every object its journal touched (as it now
stands, as a deleted stub, or gone), each with the account's id stream as it then stood
(the last row's count is the one that holds; one row per account keeps its mode and seed).
Appending is
sequential, ~2.5x cheaper per commit than updating rows of a table keyed by id. Reading back
replays the log in order: the last row of each object wins, and only those are parsed. When
superseded rows far outnumber the live ones, they are deleted on load.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
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
    what INTEGER NOT NULL, pos INTEGER NOT NULL, drawn INTEGER NOT NULL, data BLOB
);
"""
APPEND = ("INSERT INTO log (account, kind, id, what, pos, drawn, data) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
LIVE, STUB, GONE = 0, 1, 2  # what a row says of an object
META = "$meta"  # the kind of an account's own row: its mode and its id stream's seed
ERASED = "$erased"  # the kind of a row that forgets everything before it of its account

Row = tuple[str, str, str, int, int, int, "bytes | None"]


CHECKPOINT_SECONDS = 1.0
HISTORY_SLACK = 10_000  # superseded rows tolerated beyond twice the live ones, on load


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
        # Checkpoints (WAL pages copied into the file, then synced) would otherwise run inside
        # a commit every ~1,000 pages, a third of what a commit costs; a thread of their own
        # keeps them off the requests. A commit is durable once in the WAL all the same.
        self.db.execute("PRAGMA wal_autocheckpoint=0")
        # Group commit: the rows of requests that commit in the same turn of the event loop
        # are written in one SQLite transaction, and each answer waits for it (`settle`).
        self._pending: list[Row] = []
        self._waiters: list[asyncio.Future] = []
        self._scheduled = False
        self._stop = threading.Event()
        self._checkpointer = threading.Thread(target=self._checkpoints, daemon=True,
                                              name="stripe-emulator-checkpoints")
        self._checkpointer.start()

    def _checkpoints(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.wait(CHECKPOINT_SECONDS):
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:  # the file went away under it: nothing left to checkpoint
            pass
        finally:
            db.close()

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
        latest: dict[str, dict[tuple[str, str], tuple]] = {}
        drawn: dict[str, int] = {}
        superseded: list[int] = []
        for row in self.db.execute(
                "SELECT seq, account, kind, id, what, pos, drawn, data FROM log ORDER BY seq"):
            key, kind = row[1], row[2]
            if kind == ERASED:
                gone = latest.pop(key, {})
                superseded += [old[0] for old in gone.values()]
                superseded.append(row[0])
                continue
            rows = latest.setdefault(key, {})
            old = rows.get((kind, row[3]))
            if old is not None:
                superseded.append(old[0])
            rows[(kind, row[3])] = row
            drawn[key] = row[6]
        live = sum(len(rows) for rows in latest.values())
        if len(superseded) > 2 * live + HISTORY_SLACK:  # mostly history: forget it
            # A "gone" row only hides older rows of its object: with those, it goes too.
            self._forget(superseded + [row[0] for rows in latest.values()
                                       for row in rows.values() if row[4] == GONE])
        loads = orjson.loads
        docs: dict[str, dict[str, Any]] = {}
        for key, rows in latest.items():
            meta_row = rows.pop((META, ""), None)
            if meta_row is None:  # objects whose account row never landed: not readable
                continue
            collections: dict[str, dict[str, list]] = {}
            for _, _, kind, _, what, pos, _, data in rows.values():
                if what == GONE:
                    continue
                coll = collections.setdefault(kind, {"objects": [], "deleted": []})
                if what == LIVE:
                    coll["objects"].append((pos, loads(data)))
                else:
                    coll["deleted"].append(loads(data))
            meta = loads(meta_row[7])
            meta["ids"]["drawn"] = drawn[key]
            docs[key] = {"meta": meta, "collections": collections}
        return iter(docs.items())

    def _forget(self, seqs: list[int]) -> None:
        db = self.db
        db.execute("BEGIN")
        db.executemany("DELETE FROM log WHERE seq = ?", ((seq,) for seq in seqs))
        db.execute("COMMIT")

    # Writing -----------------------------------------------------------------------------

    def _write(self, rows: list[Row]) -> None:
        """Write `rows` now, after whatever is pending (the log keeps commit order)."""
        self._pending += rows
        self.flush()

    def flush(self) -> None:
        rows, self._pending = self._pending, []
        if not rows:
            return
        db = self.db
        db.execute("BEGIN")
        try:
            db.executemany(APPEND, rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    async def settle(self) -> None:
        if not self._pending:
            return
        future = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_batch)
        await future

    def _flush_batch(self) -> None:
        self._scheduled = False
        waiters, self._waiters = self._waiters, []
        try:
            self.flush()
        except Exception as exc:
            for future in waiters:
                if not future.done():
                    future.set_exception(exc)
            return
        for future in waiters:
            if not future.done():
                future.set_result(None)

    def _meta_row(self, account: Account) -> Row:
        meta = account.meta()
        return (account.key, META, "", LIVE, 0, meta["ids"]["drawn"], orjson.dumps(meta))

    def save(self, account: Account, tx: Transaction, defer: bool = False) -> None:
        key, collections, dumps = account.key, account.collections, orjson.dumps
        drawn = account.ids.drawn
        rows: list[Row] = []
        if not account.saved:  # its first commit: the account's own row
            rows.append(self._meta_row(account))
        for kind, obj_id in tx.touched():
            coll = collections[kind]
            obj = coll.objects.get(obj_id)
            if obj is not None:
                rows.append((key, kind, obj_id, LIVE, coll.pos[obj_id], drawn, dumps(obj)))
            elif obj_id in coll.deleted:
                rows.append((key, kind, obj_id, STUB, -1, drawn, dumps(coll.deleted[obj_id])))
            else:
                rows.append((key, kind, obj_id, GONE, -1, drawn, None))
        if len(rows) == 0:  # ids drawn, nothing kept: the count still moves on
            rows.append((key, META, "", LIVE, 0, drawn, dumps(account.meta())))
        self._pending += rows
        account.saved = True
        if not defer:
            self.flush()

    def replace(self, account: Account) -> None:
        key, dumps, drawn = account.key, orjson.dumps, account.ids.drawn
        rows: list[Row] = [(key, ERASED, "", GONE, -1, 0, None), self._meta_row(account)]
        for kind, coll in account.collections.items():
            rows += [(key, kind, obj["id"], LIVE, at, drawn, dumps(obj))
                     for at, obj in coll.rows()]
            rows += [(key, kind, stub["id"], STUB, -1, drawn, dumps(stub))
                     for stub in coll.deleted.values()]
        self._write(rows)
        account.saved = True

    def erase(self, key: str) -> None:
        self._write([(key, ERASED, "", GONE, -1, 0, None)])

    def close(self) -> None:
        self.flush()
        self._stop.set()
        self._checkpointer.join()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
