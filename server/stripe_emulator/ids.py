"""Object IDs: Stripe's prefixes and suffix lengths, from streams that can be seeded.

Each account draws from a stream of its own, seeded from (seed, API key), and request ids come
from another: the same calls on one key give the same ids whatever else the server serves in
the meantime (health checks, reads, other keys' traffic).
"""

from __future__ import annotations

import os
import random
import string

ALPHANUMERIC = string.ascii_letters + string.digits
_BYTE_TO_CHAR = bytes(ord(ALPHANUMERIC[i % 62]) for i in range(256))


class IdGenerator:
    """`new("cus", 14)` -> "cus_" + 14 random alphanumerics.

    Characters come in batches: batch i is drawn from `Random(f"{seed}/{i}")`, so the whole
    state is the seed and the count of characters drawn (`drawn`), small enough to store with
    the account and resume after a restart. `random` rather than `secrets`: these IDs guard
    nothing, and cost matters on the create path.
    """

    BATCH = 4096  # characters a batch: ~300 ids, and small enough for many accounts

    def __init__(self, seed: str | int | None = None, drawn: int = 0) -> None:
        self.seed = str(seed) if seed is not None else os.urandom(16).hex()
        self._buffer = ""
        self._batch = -1
        self._at = self.BATCH  # before batch 0: the first token loads it
        if drawn:
            self._load(drawn // self.BATCH)
            self._at = drawn % self.BATCH

    @property
    def drawn(self) -> int:
        """Characters drawn so far: with the seed, the whole state of the stream."""
        return self._batch * self.BATCH + self._at

    def _load(self, batch: int) -> None:
        # Random bytes mapped onto the 62 characters: ~100x cheaper per character than a draw
        # each. (The mapping favours 8 characters by 5/256 against 4/256: harmless for ids
        # that must only be unique.)
        raw = random.Random(f"{self.seed}/{batch}").randbytes(self.BATCH)
        self._buffer = raw.translate(_BYTE_TO_CHAR).decode("ascii")
        self._batch = batch
        self._at = 0

    def token(self, length: int) -> str:
        at = self._at
        end = at + length
        if end > self.BATCH:  # a token never straddles two batches
            self._load(self._batch + 1)
            at, end = 0, length
        self._at = end
        return self._buffer[at:end]

    def new(self, prefix: str, length: int = 24) -> str:
        return prefix + "_" + self.token(length)


def account_stream(seed: int | None, key: str, drawn: int = 0) -> IdGenerator:
    """The id stream of the account behind `key`: seeded from (seed, key) when a seed is set."""
    return IdGenerator(None if seed is None else f"{seed}:{key}", drawn)


def request_stream(seed: int | None) -> IdGenerator:
    return IdGenerator(None if seed is None else f"{seed}:requests")
