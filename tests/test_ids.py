"""Unit tests of the id generator."""

import re

from stripe_emulator.ids import IdGenerator


def test_ids_have_the_prefix_and_length_asked_for():
    ids = IdGenerator()
    assert re.fullmatch(r"cus_[A-Za-z0-9]{14}", ids.new("cus", 14))
    assert re.fullmatch(r"in_[A-Za-z0-9]{24}", ids.new("in"))


def test_a_seed_gives_the_same_ids_every_run():
    a, b = IdGenerator(42), IdGenerator(42)
    assert [a.new("cus", 14) for _ in range(5)] == [b.new("cus", 14) for _ in range(5)]
    assert IdGenerator(43).new("cus", 14) != IdGenerator(42).new("cus", 14)


def test_ids_stay_unique_across_batches():
    ids = IdGenerator(1)
    many = [ids.new("cus", 14) for _ in range(20_000)]  # several refills of the batch
    assert len(set(many)) == len(many)
    assert all(re.fullmatch(r"cus_[A-Za-z0-9]{14}", i) for i in many)


def test_a_stream_resumes_from_its_count_of_characters_drawn():
    """What a restart does: a stream rebuilt from (seed, drawn) goes on where it stopped."""
    first = IdGenerator("s")
    before = [first.new("cus", 14) for _ in range(400)]  # past a batch boundary
    resumed = IdGenerator("s", first.drawn)
    assert [resumed.new("cus", 14) for _ in range(50)] == [first.new("cus", 14)
                                                            for _ in range(50)]
    assert len(set(before)) == 400
