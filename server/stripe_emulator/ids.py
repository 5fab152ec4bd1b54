"""Object IDs: Stripe's prefixes and suffix lengths, from one generator that can be seeded."""

from __future__ import annotations

import random
import string

ALPHANUMERIC = string.ascii_letters + string.digits


class IdGenerator:
    """`new("cus", 14)` -> "cus_" + 14 random alphanumerics.

    Seeded, it yields the same IDs on every run (a test suite can rely on them); unseeded it
    draws from the OS. `random` rather than `secrets`: these IDs guard nothing, and
    `random.choices` is ~8x cheaper per ID on the create path.
    """

    def __init__(self, seed: int | str | None = None) -> None:
        self._random = random.Random(seed)

    def token(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        return "".join(self._random.choices(alphabet, k=length))

    def new(self, prefix: str, length: int = 24) -> str:
        return prefix + "_" + "".join(self._random.choices(ALPHANUMERIC, k=length))
