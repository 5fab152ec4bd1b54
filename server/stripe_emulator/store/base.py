"""The store's contract: accounts live in memory (`memory.py`), and a backend keeps them.

Reads are always served from memory. Each transaction that changed anything hands its
account and its journal to `Backend.save` before the response is sent; a backend that can
keep data (`sqlite.py`) writes exactly the touched objects there, atomically (an API
request's write may share one SQLite transaction with others', and its answer waits for
it: `settle`), and gives every account back on start. The default backend keeps nothing:
nothing touches disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .journal import Transaction
    from .memory import Account

# The layout of stored accounts (snapshots and data files); a different one is refused.
FORMAT = 1


class Backend:
    """Where committed changes go. This base keeps nothing (the in-memory default)."""

    durable = False

    def load(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(key, account document as `Account.dump()` makes it) of every stored account."""
        return iter(())

    def save(self, account: Account, tx: Transaction, defer: bool = False) -> None:
        """Keep what `tx` changed in `account`, atomically; raise and keep nothing on failure.
        With `defer`, it may wait for the next `settle()` to be written."""

    async def settle(self) -> None:
        """Return once every deferred save is written (raise if writing failed)."""

    def replace(self, account: Account) -> None:
        """Keep `account` whole, in place of whatever was kept under its key."""

    def erase(self, key: str) -> None:
        """Forget everything kept under `key`."""

    def flush(self) -> None:
        """Write every deferred save now."""

    def close(self) -> None:
        pass


NullBackend = Backend


class IncompatibleData(Exception):
    """A data file or snapshot of another layout: refused, never misread."""
