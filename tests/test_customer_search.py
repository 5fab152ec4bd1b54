"""Customer search through the SDK: fields, operators, AND/OR, negation, paging, errors."""

import pytest
import stripe

from stripe_emulator.store.memory import Account


@pytest.fixture
async def people(customers, monkeypatch):
    now = [1_700_000_000]

    def tick(self):
        return now[0]

    monkeypatch.setattr(Account, "now", tick)
    rows = [
        {"email": "amy@rocketrides.io", "name": "Amy Rider", "phone": "+14155550001",
         "metadata": {"app_id": "A-1", "plan": "pro"}},
        {"email": "xamy@example.com", "name": "Xavier Amy", "phone": "+14155550002",
         "metadata": {"app_id": "A-2"}},
        {"email": "bob@rocketrides.io", "name": "Bob One Two Three",
         "metadata": {"app_id": "A-3", "plan": "free"}},
        {"email": "carol@example.com", "name": "Carol", "metadata": {}},
    ]
    made = []
    for row in rows:
        now[0] += 100
        made.append(await customers.create_async(row))
    return made


async def ids(customers, query, **params):
    result = await customers.search_async({"query": query, **params})
    return [c.id for c in result.data]


async def test_result_shape(customers, people):
    result = await customers.search_async({"query": 'email:"amy@rocketrides.io"'})
    raw = result.to_dict()
    assert raw["object"] == "search_result"
    assert raw["url"] == "/v1/customers/search"
    assert raw["has_more"] is False and raw["next_page"] is None
    assert [c["id"] for c in raw["data"]] == [people[0].id]
    assert "total_count" not in raw


async def test_email_exact_is_case_insensitive(customers, people):
    assert await ids(customers, 'email:"AMY@RocketRides.io"') == [people[0].id]


async def test_substring_needs_three_characters(customers, people):
    assert await ids(customers, 'email~"amy"') == [people[1].id, people[0].id]
    assert await ids(customers, "email~'rocketrides'") == [people[2].id, people[0].id]
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await ids(customers, 'email~"am"')
    assert exc.value.param == "query" and exc.value.http_status == 400


async def test_name_and_phone(customers, people):
    assert await ids(customers, 'name:"one two"') == [people[2].id]
    assert await ids(customers, 'name~"ride"') == [people[0].id]
    assert await ids(customers, 'phone:"+14155550002"') == [people[1].id]


async def test_metadata_lookup_by_an_applications_own_id(customers, people):
    assert await ids(customers, "metadata['app_id']:'A-2'") == [people[1].id]
    assert await ids(customers, 'metadata["app_id"]:"a-3"') == [people[2].id]
    assert await ids(customers, "metadata['app_id']:'nope'") == []


async def test_metadata_presence(customers, people):
    assert await ids(customers, "-metadata['plan']:null") == [people[2].id, people[0].id]
    assert await ids(customers, "metadata['plan']:null") == [people[3].id, people[1].id]


async def test_created_comparisons(customers, people):
    t = [p.created for p in people]
    assert await ids(customers, f"created>{t[1]}") == [people[3].id, people[2].id]
    assert await ids(customers, f"created>={t[1]}") == [people[3].id, people[2].id, people[1].id]
    assert await ids(customers, f"created<{t[1]}") == [people[0].id]
    assert await ids(customers, f"created<={t[0]}") == [people[0].id]
    assert await ids(customers, f"created:{t[2]}") == [people[2].id]


async def test_and_or_and_negation(customers, people):
    assert await ids(customers, "email~'rocketrides' AND metadata['plan']:'pro'") == [
        people[0].id]
    assert await ids(customers, "email~'rocketrides' metadata['plan']:'free'") == [people[2].id]
    assert await ids(customers, "metadata['app_id']:'A-1' OR metadata['app_id']:'A-3'") == [
        people[2].id, people[0].id]
    assert await ids(customers, "name:'carol' or email~'xamy'") == [people[3].id, people[1].id]
    assert await ids(customers, "-email~'rocketrides'") == [people[3].id, people[1].id]
    assert await ids(customers, "metadata['app_id']:'A-1' -email:'amy@rocketrides.io'") == []


async def test_mixing_and_with_or_is_refused(customers, people):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await ids(customers, "name:'a' AND name:'b' OR name:'c'")
    assert "cannot be mixed" in exc.value.user_message


async def test_bad_query_says_where(customers, people):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await ids(customers, "email:'a@b.co' planet:'mars'")
    assert exc.value.param == "query"
    assert "'planet' is not a searchable field" in exc.value.user_message
    assert "character 16" in exc.value.user_message


async def test_query_is_required(customers):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.search_async({})
    assert exc.value.code == "parameter_missing" and exc.value.param == "query"


async def test_paging_with_next_page(customers, people):
    first = await customers.search_async({"query": "created>0", "limit": 3})
    assert first.has_more and first.next_page
    second = await customers.search_async({"query": "created>0", "limit": 3,
                                           "page": first.next_page})
    assert [c.id for c in first.data + second.data] == [p.id for p in reversed(people)]
    assert not second.has_more and second.next_page is None


async def test_auto_paging_iter(customers, people):
    result = await customers.search_async({"query": "-name:'nobody'", "limit": 1})
    seen = [c.id async for c in result.auto_paging_iter()]
    assert seen == [p.id for p in reversed(people)]


async def test_paging_over_an_indexed_lookup(customers):
    made = [await customers.create_async({"metadata": {"team": "red"}}) for _ in range(5)]
    result = await customers.search_async({"query": "metadata['team']:'red'", "limit": 2})
    seen = [c.id async for c in result.auto_paging_iter()]
    assert seen == [c.id for c in reversed(made)]


async def test_bad_page_token(customers, people):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        await customers.search_async({"query": "created>0", "page": "garbage"})
    assert exc.value.param == "page"


async def test_total_count_when_expanded(customers, people):
    result = await customers.search_async({"query": "email~'rocketrides'", "limit": 1,
                                           "expand": ["total_count"]})
    assert result.total_count == 2 and len(result.data) == 1


async def test_search_follows_updates_and_deletes(customers, people):
    await customers.update_async(people[1].id, {"metadata": {"app_id": "A-9"}})
    assert await ids(customers, "metadata['app_id']:'A-2'") == []
    assert await ids(customers, "metadata['app_id']:'A-9'") == [people[1].id]
    await customers.delete_async(people[0].id)
    assert await ids(customers, 'email:"amy@rocketrides.io"') == []


async def test_search_expand_data(customers, people):
    result = await customers.search_async({"query": "metadata['app_id']:'A-1'",
                                           "expand": ["data.tax_ids"]})
    assert result.data[0].tax_ids.data == []


async def test_metadata_and_email_lookups_are_served_from_an_index(customers, monkeypatch):
    from stripe_emulator.store.memory import Collection

    made = [await customers.create_async({"email": f"u{i}@x.io", "metadata": {"app_id": str(i)}})
            for i in range(20)]

    def no_scan(*args, **kwargs):
        raise AssertionError("a scan of the whole collection")

    monkeypatch.setattr(Collection, "newest_first", no_scan)
    assert await ids(customers, "metadata['app_id']:'7'") == [made[7].id]
    assert await ids(customers, "email:'u3@x.io'") == [made[3].id]
    assert await ids(customers, "metadata['app_id']:'7' OR email:'u3@x.io'") == [
        made[7].id, made[3].id]
    assert await ids(customers, "metadata['app_id']:'7' name~'nobody'") == []


async def test_index_keeps_creation_order_when_an_older_customer_joins_a_value(customers):
    older = await customers.create_async()
    newer = await customers.create_async({"metadata": {"team": "red"}})
    newest = await customers.create_async({"metadata": {"team": "red"}})
    await customers.update_async(older.id, {"metadata": {"team": "red"}})
    assert await ids(customers, "metadata['team']:'red'") == [newest.id, newer.id, older.id]
    page = await customers.search_async({"query": "metadata['team']:'red'", "limit": 1})
    rest = await customers.search_async({"query": "metadata['team']:'red'", "limit": 5,
                                         "page": page.next_page})
    assert [c.id for c in rest.data] == [newer.id, older.id]
    await customers.update_async(newer.id, {"metadata": {"team": "blue"}})
    assert await ids(customers, "metadata['team']:'red'") == [newest.id, older.id]
