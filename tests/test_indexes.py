"""Unit tests of the secondary indexes."""

import pytest

from stripe_emulator.store.indexes import MetadataIndex, ValueIndex
from stripe_emulator.store.memory import Collection, StoreError


def make(n, index):
    coll = Collection({"i": index})
    objs = [{"id": f"o{i}", "created": i, "email": None, "metadata": {}} for i in range(n)]
    for obj in objs:
        coll.insert(obj)
    return coll, objs


def test_value_index_buckets_stay_in_creation_order():
    index = ValueIndex(lambda o: o["email"])
    coll, objs = make(4, index)
    for i in (3, 1, 2):
        new = {**objs[i], "email": "x"}
        coll.replace(objs[i], new)
        objs[i] = new
    assert list(index.ids("x")) == ["o1", "o2", "o3"]
    coll.replace(objs[2], {**objs[2], "email": None})
    assert list(index.ids("x")) == ["o1", "o3"]
    coll.remove("o1")
    assert list(index.ids("x")) == ["o3"]
    coll.remove("o3")
    assert list(index.ids("x")) == [] and index.table == {}


def test_metadata_index_is_case_folded_on_values_only():
    index = MetadataIndex()
    coll = Collection({"m": index})
    coll.insert({"id": "a", "created": 1, "metadata": {"App": "X-1"}})
    assert list(index.ids("App", "x-1")) == ["a"]
    assert list(index.ids("app", "x-1")) == []
    coll.remove("a")
    assert index.table == {}


def test_oldest_skips_what_is_gone_for_a_bounded_history():
    coll, _ = make(5, ValueIndex(lambda o: o["email"]))
    coll.remove("o1")

    def remove_oldest():
        oldest = coll.oldest()
        if oldest is not None:
            coll.remove(oldest["id"])
        return oldest

    assert remove_oldest()["id"] == "o0"
    assert remove_oldest()["id"] == "o2"  # o1 was already gone
    assert [o["id"] for o in coll.newest_first()] == ["o4", "o3"]
    remove_oldest()
    remove_oldest()
    assert remove_oldest() is None and len(coll) == 0


def test_a_collection_refuses_an_id_it_holds_live_or_deleted():
    coll, _ = make(2, ValueIndex(lambda o: o["email"]))
    with pytest.raises(StoreError):
        coll.insert({"id": "o1", "created": 9, "email": "x"})
    coll.remove("o0", stub={"id": "o0", "deleted": True})
    with pytest.raises(StoreError):
        coll.insert({"id": "o0", "created": 9, "email": "x"})
    assert len(coll) == 1 and len(coll.order) == 2


def test_an_update_that_names_its_fields_leaves_other_indexes_alone():
    """`replace` with the fields touched skips an index reading none of them, and keeps the
    one reading them in step (the field declared with `ValueIndex.of`)."""
    by_email = ValueIndex.of("email")
    by_name = ValueIndex(lambda o: o.get("name"), ("name",))
    coll = Collection({"email": by_email, "name": by_name})
    old = {"id": "a", "created": 1, "email": "x@y.z", "name": "n", "metadata": {}}
    coll.insert(old)
    calls = []
    by_name.changed = lambda o, n: calls.append(1) or False
    new = {**old, "email": "w@y.z"}
    coll.replace(old, new, ("email",))
    assert calls == []  # not even asked: it reads no field that changed
    assert list(by_email.ids("w@y.z")) == ["a"] and list(by_email.ids("x@y.z")) == []
    coll.replace(new, {**new, "name": "m"})  # no hint: every index is asked
    assert calls == [1]


def test_a_large_bucket_loses_any_member_by_update_delete_or_undo():
    index = ValueIndex(lambda o: o["email"])
    coll, objs = make(0, index)
    objs = [{"id": f"o{i}", "created": i, "email": "x", "metadata": {}} for i in range(500)]
    for obj in objs:
        coll.insert(obj)
    expected = [o["id"] for o in objs]
    coll.replace(objs[499], {**objs[499], "email": "y"})  # the newest
    coll.replace(objs[250], {**objs[250], "email": "y"})  # from the middle, by its position
    coll.remove("o7")  # a deleted object, out of the collection's positions first
    coll.insert({"id": "o500", "created": 500, "email": "x", "metadata": {}})
    coll.unappend("o500")  # an insert undone
    for gone in ("o499", "o250", "o7"):
        expected.remove(gone)
    assert list(index.ids("x")) == expected
    assert list(index.ids("y")) == ["o250", "o499"]
    coll.replace(objs[100], {**objs[100], "email": "x"})  # unchanged value: stays put
    assert list(index.ids("x")) == expected


def test_an_older_member_joins_a_large_bucket_in_its_place():
    index = ValueIndex(lambda o: o["email"])
    coll, objs = make(300, index)
    for i in range(0, 300, 2):  # the even ones hold "x", in order
        new = {**objs[i], "email": "x"}
        coll.replace(objs[i], new)
        objs[i] = new
    new = {**objs[151], "email": "x"}  # an older, odd one joins in the middle
    coll.replace(objs[151], new)
    ids = list(index.ids("x"))
    assert ids == sorted(ids, key=lambda i: int(i[1:])) and "o151" in ids and len(ids) == 151
