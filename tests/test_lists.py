"""Lists: newest first, limit, cursors, created filters, auto-paging, email filter."""

import pytest
import stripe

from stripe_emulator.store.memory import Account


@pytest.fixture
def clock(monkeypatch):
    """Controls the account clock, so `created` values are distinct and known."""
    now = [1_700_000_000]
    monkeypatch.setattr(Account, "now", lambda self: now[0])
    return now


async def make(customers, n, clock=None, **params):
    made = []
    for i in range(n):
        if clock is not None:
            clock[0] += 10
        made.append(await customers.create_async({"name": f"c{i}", **params}))
    return made


async def test_list_shape_newest_first_default_limit(customers):
    made = await make(customers, 12)
    page = await customers.list_async()
    raw = page.to_dict()
    assert raw["object"] == "list" and raw["url"] == "/v1/customers"
    assert raw["has_more"] is True
    assert [c.id for c in page.data] == [c.id for c in reversed(made)][:10]


async def test_limit_and_starting_after(customers):
    made = await make(customers, 5)
    newest_first = [c.id for c in reversed(made)]
    page = await customers.list_async({"limit": 2})
    assert [c.id for c in page.data] == newest_first[:2] and page.has_more
    page = await customers.list_async({"limit": 2, "starting_after": newest_first[1]})
    assert [c.id for c in page.data] == newest_first[2:4] and page.has_more
    page = await customers.list_async({"limit": 2, "starting_after": newest_first[3]})
    assert [c.id for c in page.data] == newest_first[4:] and not page.has_more


async def test_ending_before_returns_the_newer_neighbours_newest_first(customers):
    made = await make(customers, 5)
    newest_first = [c.id for c in reversed(made)]
    page = await customers.list_async({"limit": 2, "ending_before": newest_first[4]})
    assert [c.id for c in page.data] == newest_first[2:4] and page.has_more
    page = await customers.list_async({"limit": 2, "ending_before": newest_first[2]})
    assert [c.id for c in page.data] == newest_first[0:2] and not page.has_more


async def test_limit_is_clamped_as_stripe_does(customers):
    await make(customers, 3)
    assert len((await customers.list_async({"limit": 0})).data) == 1
    assert len((await customers.list_async({"limit": -5})).data) == 1
    assert len((await customers.list_async({"limit": 1000})).data) == 3


async def test_both_cursors_is_refused(customers):
    made = await make(customers, 2)
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.list_async({"starting_after": made[0].id, "ending_before": made[1].id})
    assert "Please pass in only one" in exc.value.user_message


async def test_unknown_cursor_is_resource_missing(customers):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.list_async({"starting_after": "cus_nope"})
    assert exc.value.code == "resource_missing" and exc.value.param == "starting_after"
    assert exc.value.http_status == 400


async def test_auto_paging_walks_everything_once(customers):
    made = await make(customers, 25)
    seen = [c.id async for c in (await customers.list_async({"limit": 4})).auto_paging_iter()]
    assert seen == [c.id for c in reversed(made)]


async def test_auto_paging_backwards_from_ending_before(customers):
    made = await make(customers, 9)
    oldest = made[0].id
    page = await customers.list_async({"limit": 3, "ending_before": oldest})
    seen = [c.id async for c in page.auto_paging_iter()]
    assert seen == [c.id for c in made[1:]]  # walking towards the newest


async def test_created_filters(customers, clock):
    made = await make(customers, 5, clock)  # created = t0+10 … t0+50
    times = [c.created for c in made]

    async def ids(created):
        return [c.id for c in (await customers.list_async({"created": created})).data]

    assert await ids({"gt": times[1]}) == [c.id for c in reversed(made[2:])]
    assert await ids({"gte": times[1]}) == [c.id for c in reversed(made[1:])]
    assert await ids({"lt": times[1]}) == [made[0].id]
    assert await ids({"lte": times[1]}) == [made[1].id, made[0].id]
    assert await ids({"gt": times[0], "lt": times[3]}) == [made[2].id, made[1].id]
    assert await ids(times[2]) == [made[2].id]
    assert await ids({"gt": times[4]}) == []


async def test_created_filter_with_cursor(customers, clock):
    made = await make(customers, 6, clock)
    page = await customers.list_async(
        {"created": {"gte": made[1].created}, "limit": 2, "starting_after": made[4].id})
    assert [c.id for c in page.data] == [made[3].id, made[2].id] and page.has_more


async def test_email_filter_is_exact_and_case_sensitive(customers):
    a = await customers.create_async({"email": "Amy@X.io"})
    await customers.create_async({"email": "amy@x.io"})
    await customers.create_async({"email": "bob@x.io"})
    b = await customers.create_async({"email": "Amy@X.io"})
    page = await customers.list_async({"email": "Amy@X.io"})
    assert [c.id for c in page.data] == [b.id, a.id]
    page = await customers.list_async({"email": "Amy@X.io", "limit": 1})
    assert [c.id for c in page.data] == [b.id] and page.has_more
    page = await customers.list_async({"email": "Amy@X.io", "starting_after": b.id})
    assert [c.id for c in page.data] == [a.id] and not page.has_more
    page = await customers.list_async({"email": "Amy@X.io", "ending_before": a.id})
    assert [c.id for c in page.data] == [b.id]


async def test_email_filter_follows_updates(customers):
    c = await customers.create_async({"email": "old@x.io"})
    await customers.update_async(c.id, {"email": "new@x.io"})
    assert (await customers.list_async({"email": "old@x.io"})).data == []
    assert [x.id for x in (await customers.list_async({"email": "new@x.io"})).data] == [c.id]
