"""How long the Customers page takes (server time, in-process, no HTTP): a list page of 50
over N customers, a filtered page, and the export's peak memory. A benchmark, never a test.

    python tools/bench_dashboard.py [N]      (100000 by default)
"""

from __future__ import annotations

import asyncio
import sys
import time
import tracemalloc

from aiohttp.test_utils import make_mocked_request

from stripe_emulator.api.params import load
from stripe_emulator.dashboard.routes import OPS, Dashboard
from stripe_emulator.resources import setup_account
from stripe_emulator.store.memory import Store

KEY = "sk_test_bench_dashboard"


class _Sink:
    """A response body nobody keeps: what the export streams, counted."""

    def __init__(self) -> None:
        self.size = 0


async def main(n: int) -> None:
    store = Store(seed=1, prepare=setup_account)
    account = store.account(KEY)
    op = OPS["create"]
    start = time.perf_counter()
    with account.transaction():
        for i in range(n):
            op.run(account, load(op.params, {"email": f"u{i}@example.com", "name": f"User {i}",
                                             "metadata": {"app_id": str(i % 997)}}), {})
    print(f"{n} customers made in {time.perf_counter() - start:.1f} s")
    board = Dashboard(store, False)
    auth = {"Authorization": f"Bearer {KEY}"}
    for label, query in (("list page", ""), ("filtered page", "?metadata_key=app_id&"
                                                               "metadata_value=42")):
        request = make_mocked_request("GET", "/_emulator/dashboard/customers" + query,
                                      headers=auth)
        await board.customers(request, {})
        runs = 20
        start = time.perf_counter()
        for _ in range(runs):
            await board.customers(request, {})
        print(f"{label}: {(time.perf_counter() - start) / runs * 1000:.1f} ms")
    tracemalloc.start()
    rows = sum(1 for _ in board._matching(account, {}))
    _, peak = tracemalloc.get_traced_memory()
    print(f"export walk of {rows} customers: peak {peak / 1e6:.1f} MB traced")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
