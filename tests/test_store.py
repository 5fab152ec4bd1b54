"""The store's contract, over both backends: memory only, and SQLite (kept, and read back).

A "restart" reads the backend into a new store; in memory nothing is kept, so what a restart
must show is checked against the SQLite backend, and the in-memory backend must keep nothing.
"""

from __future__ import annotations

import sqlite3

import pytest

from stripe_emulator.context import CURRENT
from stripe_emulator.resources import setup_account
from stripe_emulator.store.base import Backend, IncompatibleData
from stripe_emulator.store.indexes import ValueIndex
from stripe_emulator.store.memory import Collection, Store, StoreError
from stripe_emulator.store.sqlite import SQLiteBackend


def prepare(account):
    account.collections["thing"] = Collection({"name": ValueIndex(lambda o: o["name"])})


@pytest.fixture(params=["memory", "sqlite"])
def backend_kind(request):
    return request.param


@pytest.fixture
def open_store(backend_kind, tmp_path):
    opened = []

    def open_store(seed=1):
        backend = SQLiteBackend(tmp_path / "data.db") if backend_kind == "sqlite" else None
        store = Store(seed=seed, backend=backend, prepare=prepare)
        store.load()
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.backend.close()


def thing(i, name="a"):
    return {"id": f"th_{i}", "object": "thing", "created": 100 + i, "name": name}


def test_a_write_outside_a_transaction_is_refused(open_store):
    account = open_store().account("sk_test_x")
    with pytest.raises(StoreError):
        account.create("thing", thing(1))
    assert len(account.collections["thing"]) == 0


def test_a_failed_transaction_leaves_everything_as_it_was(open_store):
    account = open_store().account("sk_test_x")
    with account.transaction():
        for i in range(4):
            account.create("thing", thing(i))
        account.delete("thing", "th_1", {"id": "th_1", "deleted": True}, keep_stub=True)
        account.put("_secret", {"id": "th_0", "secret": "s"})
    before = account.dump()
    with pytest.raises(RuntimeError), account.transaction():
        account.create("thing", thing(9, "b"))
        account.update("thing", account.collections["thing"].get("th_0"),
                       {**thing(0), "name": "changed"})
        account.delete("thing", "th_2", {"id": "th_2", "deleted": True}, keep_stub=True)
        account.drop("_secret", "th_0")
        account.put("_secret", {"id": "th_3", "secret": "t"})
        account.drop_oldest("thing")
        raise RuntimeError("fails after its writes")
    assert account.dump() == before
    things = account.collections["thing"]
    assert things.indexes["name"].ids("a") == ["th_0", "th_2", "th_3"]  # indexes restored too
    assert things.indexes["name"].ids("b") == () and things.indexes["name"].ids("changed") == ()
    assert [o["id"] for o in things.newest_first()] == ["th_3", "th_2", "th_0"]


def test_a_restart_restores_objects_stubs_positions_records_and_the_id_stream(
        open_store, backend_kind):
    store = open_store()
    account = store.account("sk_test_x")
    with account.transaction():
        for i in range(5):
            account.create("thing", {**thing(i), "id": account.new_id("thing", "th")})
        ids = [o["id"] for o in account.collections["thing"].oldest_first(0, 5)]
        account.delete("thing", ids[1], {"id": ids[1], "deleted": True}, keep_stub=True)
        account.delete("thing", ids[3], {"id": ids[3], "deleted": True})
        account.reserve("invoice_prefix", "ABC")
    expected = account.dump()
    next_id = account.new_id("thing", "th")  # what the stream gives next, uncommitted

    restarted = open_store()
    if backend_kind == "memory":  # nothing kept: a new, empty account
        assert restarted.accounts == {}
        return
    again = restarted.accounts["sk_test_x"]
    assert again.dump() == expected
    things = again.collections["thing"]
    assert [o["id"] for o in things.newest_first()] == [ids[4], ids[2], ids[0]]
    assert things.pos[ids[4]] == 4 and things.deleted[ids[1]]["deleted"]  # positions, stubs
    assert things.indexes["name"].ids("a") == [ids[0], ids[2], ids[4]]  # indexes rebuilt
    assert again.is_reserved("invoice_prefix", "ABC")
    assert again.new_id("thing", "th") == next_id  # the stream goes on where it was


def test_erase_forgets_one_account_only(open_store, backend_kind):
    store = open_store()
    for key in ("sk_test_a", "sk_test_b"):
        account = store.account(key)
        with account.transaction():
            account.create("thing", thing(1))
    store.reset("sk_test_a")
    assert "sk_test_a" not in store.accounts and "sk_test_b" in store.accounts
    if backend_kind == "sqlite":
        assert set(open_store().accounts) == {"sk_test_b"}


class FailingBackend(Backend):
    """A disk that fills up: every save fails."""

    durable = True

    def save(self, account, tx, defer=False):
        raise sqlite3.OperationalError("database or disk is full")


def test_a_backend_that_fails_undoes_the_whole_transaction():
    account = Store(seed=1, backend=FailingBackend(), prepare=prepare).account("sk_test_x")
    with pytest.raises(sqlite3.OperationalError), account.transaction():
        account.create("thing", thing(1))
        account.put("_secret", {"id": "th_1", "secret": "s"})
    assert len(account.collections["thing"]) == 0 and not account.collections["_secret"]


def test_transactions_join_and_keep_to_one_account(open_store):
    store = open_store()
    a, b = store.account("sk_test_a"), store.account("sk_test_b")
    with a.transaction() as outer:
        with a.transaction() as inner:
            assert inner is outer and CURRENT.get().transaction is outer
        with pytest.raises(StoreError), b.transaction():
            pass
    assert CURRENT.get().transaction is None


def test_an_api_account_keeps_every_resource_collection(tmp_path):
    """Resource collections with their declared indexes come back with a restored account."""
    path = tmp_path / "data.db"
    store = Store(seed=1, backend=SQLiteBackend(path), prepare=setup_account)
    account = store.account("sk_test_x")
    with account.transaction():
        account.create("customer", {"id": "cus_1", "object": "customer", "created": 1,
                                    "email": "A@x.io", "metadata": {"app": "7"}})
    store.backend.close()
    again = Store(seed=1, backend=SQLiteBackend(path), prepare=setup_account)
    again.load()
    customers = again.accounts["sk_test_x"].collections["customer"]
    assert list(customers.indexes["email"].ids("a@x.io")) == ["cus_1"]
    assert list(customers.indexes["metadata"].ids("app", "7")) == ["cus_1"]
    again.backend.close()


def run_sql(path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()


def test_a_file_of_another_format_or_kind_is_refused(tmp_path):
    path = tmp_path / "data.db"
    SQLiteBackend(path).close()
    run_sql(path, "UPDATE emulator SET value = '999' WHERE name = 'format'")
    with pytest.raises(IncompatibleData, match="format 999"):
        SQLiteBackend(path)
    other = tmp_path / "other.db"
    run_sql(other, "CREATE TABLE users (id INTEGER)")
    with pytest.raises(IncompatibleData, match="not a stripe-emulator data file"):
        SQLiteBackend(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(IncompatibleData, match="not a stripe-emulator data file"):
        SQLiteBackend(junk)


def test_a_log_of_mostly_history_is_compacted_on_load(tmp_path, monkeypatch):
    from stripe_emulator.store import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "HISTORY_SLACK", 0)
    path = tmp_path / "data.db"
    store = Store(seed=1, backend=SQLiteBackend(path), prepare=prepare)
    account = store.account("sk_test_x")
    for i in range(3):
        with account.transaction():
            account.create("thing", thing(i))
    for n in range(10):
        with account.transaction():
            account.update("thing", account.collections["thing"].get("th_0"),
                           {**thing(0), "name": f"n{n}"})
    with account.transaction():
        account.delete("thing", "th_2", {"id": "th_2", "deleted": True})
    expected = account.dump()
    store.backend.close()

    def rows() -> int:
        db = sqlite3.connect(path)
        try:
            return db.execute("SELECT count(*) FROM log").fetchone()[0]
        finally:
            db.close()

    before = rows()
    for _ in range(2):  # compacted once, then read back the same
        again = Store(seed=1, backend=SQLiteBackend(path), prepare=prepare)
        again.load()
        assert again.accounts["sk_test_x"].dump() == expected
        again.backend.close()
    assert rows() == 3  # the account's row and the two things left, nothing of their history
    assert before > 10


def test_an_update_with_its_changed_fields_names_exactly_what_changed(open_store):
    """The `changed` hint compares only the fields named; an unchanged one among them is no
    change, and an update changing nothing stores nothing."""
    account = open_store().account("sk_test_x")
    seen = []
    account.listeners.append(lambda acct, change, obj, previous: seen.append((change, previous)))
    with account.transaction():
        old = account.create("thing", thing(1))
        new = account.update("thing", old, {**old, "name": "b", "created": old["created"]},
                             ("name", "created"))
        same = account.update("thing", new, {**new, "name": "b"}, ("name",))
    assert same is new and account.collections["thing"].get("th_1") is new
    assert seen == [("thing.created", None), ("thing.updated", {"name": "a"})]
    assert list(account.collections["thing"].indexes["name"].ids("b")) == ["th_1"]


def test_followers_hear_only_the_changes_they_name(open_store):
    account = open_store().account("sk_test_x")
    heard = []
    account.follow(["thing.updated"], lambda acct, change, obj, previous: heard.append(change))
    with account.transaction():
        old = account.create("thing", thing(1))
        account.update("thing", old, {**old, "name": "b"})
    assert heard == ["thing.updated"]
