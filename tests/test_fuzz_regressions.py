"""What the fuzz (tests/test_fuzz.py) found, each as the smallest request that shows it.

Each asserts Stripe's answer: a 400 `invalid_request_error` that changes nothing, never a 500.
A finding not fixed yet has a test here that fails, and an entry in test_fuzz.py's KNOWN table
so that the fuzz sets aside the cases that only find it again (the entry goes with the fix).
"""

from __future__ import annotations

LINE = {"lines[0][amount]": "100", "lines[0][description]": "one"}


async def _draft_with_a_line(http) -> tuple[str, str]:
    async with http.post("/v1/customers") as r:
        customer = (await r.json())["id"]
    async with http.post("/v1/invoices", data={"customer": customer}) as r:
        invoice = (await r.json())["id"]
    async with http.post(f"/v1/invoices/{invoice}/add_lines", data=LINE) as r:
        assert r.status == 200
        line = (await r.json())["lines"]["data"][0]["id"]
    return invoice, line


async def _lines_and_items(http, invoice: str) -> tuple[list, list]:
    async with http.get(f"/v1/invoices/{invoice}/lines") as r:
        lines = [line["id"] for line in (await r.json())["data"]]
    async with http.get("/v1/invoiceitems") as r:
        items = [(item["id"], item["invoice"]) for item in (await r.json())["data"]]
    return lines, items


async def test_removing_a_line_twice_in_one_call_is_refused(http):
    # Found by the fuzz: a 500 (a KeyError in the store, the item index left broken): each
    # removal was planned against the invoice as it was, so the second deleted an item the
    # first already had. Fixed in bb7a7be (a line named twice is refused).
    invoice, line = await _draft_with_a_line(http)
    before = await _lines_and_items(http, invoice)
    async with http.post(f"/v1/invoices/{invoice}/remove_lines", data={
            "lines[0][id]": line, "lines[0][behavior]": "delete",
            "lines[1][id]": line, "lines[1][behavior]": "delete"}) as r:
        body = await r.json()
    assert r.status == 400, body
    assert body["error"]["type"] == "invalid_request_error"
    assert await _lines_and_items(http, invoice) == before
