"""Unit tests of the secondary indexes."""

from stripe_emulator.store.indexes import MetadataIndex, ValueIndex
from stripe_emulator.store.memory import Collection


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


def test_remove_oldest_keeps_a_bounded_history():
    coll, _ = make(5, ValueIndex(lambda o: o["email"]))
    coll.remove("o1")
    assert coll.remove_oldest()["id"] == "o0"
    assert coll.remove_oldest()["id"] == "o2"  # o1 was already gone
    assert [o["id"] for o in coll.newest_first()] == ["o4", "o3"]
    coll.remove_oldest()
    coll.remove_oldest()
    assert coll.remove_oldest() is None and len(coll) == 0
