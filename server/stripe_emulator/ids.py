"""Object IDs: Stripe's prefixes and suffix lengths, from one generator that can be seeded."""

from __future__ import annotations

import random
import string

ALPHANUMERIC = string.ascii_letters + string.digits
_BYTE_TO_CHAR = bytes(ord(ALPHANUMERIC[i % 62]) for i in range(256))


class IdGenerator:
    """`new("cus", 14)` -> "cus_" + 14 random alphanumerics.

    Seeded, it yields the same IDs on every run (a test suite can rely on them); unseeded it
    is seeded from the OS. `random` rather than `secrets`: these IDs guard nothing, and cost
    matters on the create path.
    """

    BATCH = 1 << 16

    def __init__(self, seed: int | str | None = None) -> None:
        self._random = random.Random(seed)
        self._buffer = ""
        self._at = 0

    def token(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        if alphabet is not ALPHANUMERIC:
            return "".join(self._random.choices(alphabet, k=length))
        # Characters are drawn in large batches and sliced: a slice costs a tenth of a draw.
        at, end = self._at, self._at + length
        if end > len(self._buffer):
            # Random bytes mapped onto the 62 characters: ~100x cheaper per character than a
            # draw each. (The mapping favours 8 characters by 5/256 against 4/256: harmless
            # for ids that must only be unique.)
            raw = self._random.randbytes(self.BATCH)
            self._buffer = raw.translate(_BYTE_TO_CHAR).decode("ascii")
            at, end = 0, length
        self._at = end
        return self._buffer[at:end]

    def new(self, prefix: str, length: int = 24) -> str:
        return prefix + "_" + self.token(length)
