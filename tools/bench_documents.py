"""How long documents take to render (server time, no HTTP): a 10-line invoice's PDF and its
hosted page, in-process. A benchmark script, never a test.

    python tools/bench_documents.py [N] [LOCALE]   (fr by default; ja needs the embedded fonts)
"""

from __future__ import annotations

import sys
import time

from stripe_emulator.context import CURRENT, NO_REQUEST
from stripe_emulator.documents import html, pdf, views
from stripe_emulator.resources import RESOURCES, setup_account
from stripe_emulator.store.memory import Store


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    store = Store(seed=1, prepare=setup_account)
    account = store.account("sk_test_bench")
    token = CURRENT.set(NO_REQUEST._replace(account=account))
    ops = {(r.object_name, op.name): op for r in RESOURCES for op in r.operations}
    from stripe_emulator.api.params import load

    def run(obj: str, name: str, params: dict, args: dict | None = None) -> dict:
        op = ops[(obj, name)]
        with account.transaction():
            return op.run(account, load(op.params, params), args or {})

    locale = sys.argv[2] if len(sys.argv) > 2 else "fr"
    customer = run("customer", "create", {"name": "Bench", "preferred_locales": [locale],
                                          "address": {"country": "FR", "line1": "1 rue"}})
    rate = run("tax_rate", "create", {"display_name": "TVA", "percentage": "20",
                                      "inclusive": "false"})
    for i in range(10):
        run("invoiceitem", "create", {"customer": customer["id"], "currency": "eur",
                                      "amount": str(1000 + i), "description": f"Line {i}",
                                      "tax_rates": [rate["id"]]})
    draft = run("invoice", "create", {"customer": customer["id"],
                                      "pending_invoice_items_behavior": "include"})
    invoice = run("invoice", "finalize", {}, {"id": draft["id"]})
    CURRENT.reset(token)
    for label, render in (
            ("PDF", lambda: pdf.render(views.invoice_view(account, invoice))),
            ("page", lambda: html.page("invoice.html", **views.as_dict(
                views.invoice_view(account, invoice)), pay_url="", pdf_url="",
                amount_due=""))):
        render()  # warm: fonts parsed, templates compiled
        start = time.perf_counter()
        for _ in range(n):
            render()
        each = (time.perf_counter() - start) / n * 1000
        print(f"{label}: {each:.2f} ms each over {n}")


if __name__ == "__main__":
    main()
