// Customers through stripe-node: create / retrieve / update / delete, lists, search.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('create returns a customer with the endive shape and the response metadata', async () => {
  const stripe = client(emulator);
  const before = Math.floor(Date.now() / 1000);
  const c = await stripe.customers.create({
    email: 'jenny@example.com',
    name: 'Jenny Rosen',
    phone: '+15555550100',
    description: 'first',
    metadata: {app_id: '42'},
    preferred_locales: ['fr', 'en'],
    address: {line1: '1 Main St', city: 'Paris', country: 'FR', postal_code: '75001'},
  });
  assert.match(c.id, /^cus_[A-Za-z0-9]{14}$/);
  assert.equal(c.object, 'customer');
  assert.equal(c.email, 'jenny@example.com');
  assert.equal(c.name, 'Jenny Rosen');
  assert.equal(c.phone, '+15555550100');
  assert.equal(c.description, 'first');
  assert.deepEqual(c.metadata, {app_id: '42'});
  assert.deepEqual(c.preferred_locales, ['fr', 'en']);
  assert.deepEqual(c.address, {city: 'Paris', country: 'FR', line1: '1 Main St', line2: null,
    postal_code: '75001', state: null});
  assert.equal(c.balance, 0);
  assert.equal(c.currency, null);
  assert.equal(c.delinquent, false);
  assert.equal(c.livemode, false);
  assert.equal(c.shipping, null);
  assert.equal(c.tax_exempt, 'none');
  assert.equal(c.next_invoice_sequence, 1);
  assert.match(c.invoice_prefix, /^[A-Z0-9]{1,12}$/);
  assert.deepEqual(c.invoice_settings, {custom_fields: null, default_payment_method: null,
    footer: null, rendering_options: null});
  assert.ok(c.created >= before - 5 && c.created <= before + 5, `created ${c.created}`);
  assert.equal(c.lastResponse.statusCode, 200);
  assert.match(c.lastResponse.requestId, /^req_[A-Za-z0-9]{14}$/);
  assert.equal(c.lastResponse.apiVersion, '2026-10-28.endive');
  assert.equal(c.lastResponse.headers['stripe-version'], '2026-10-28.endive');
});

test('retrieve and update (metadata merges, empty string unsets)', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create({email: 'a@example.com', metadata: {a: '1', b: '2'}});
  const got = await stripe.customers.retrieve(c.id);
  assert.equal(got.id, c.id);
  assert.equal(got.email, 'a@example.com');

  const up = await stripe.customers.update(c.id, {
    name: 'Ann', email: '', metadata: {b: '', c: '3'},
    invoice_settings: {footer: 'Thanks'},
  });
  assert.equal(up.id, c.id);
  assert.equal(up.name, 'Ann');
  assert.equal(up.email, null);
  assert.deepEqual(up.metadata, {a: '1', c: '3'});
  assert.equal(up.invoice_settings.footer, 'Thanks');
  const again = await stripe.customers.retrieve(c.id);
  assert.equal(again.name, 'Ann');
  assert.deepEqual(again.metadata, {a: '1', c: '3'});
});

test('delete answers the deleted stub; retrieve still finds it; list does not', async () => {
  const stripe = client(emulator);
  const keep = await stripe.customers.create({email: 'keep@example.com'});
  const c = await stripe.customers.create({email: 'gone@example.com'});
  const deleted = await stripe.customers.del(c.id);
  assert.deepEqual({...deleted}, {id: c.id, object: 'customer', deleted: true});
  const stub = await stripe.customers.retrieve(c.id);
  assert.equal(stub.lastResponse.statusCode, 200);
  assert.deepEqual({...stub}, {id: c.id, object: 'customer', deleted: true});
  const list = await stripe.customers.list();
  assert.deepEqual(list.data.map((x) => x.id), [keep.id]);
  const err = await rejection(stripe.customers.del(c.id));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
});

test('list is newest first, pages with starting_after, and auto-paginates', async () => {
  const stripe = client(emulator);
  const made = [];
  for (let i = 0; i < 7; i++) {
    made.push((await stripe.customers.create({email: `c${i}@example.com`})).id);
  }
  const newestFirst = [...made].reverse();

  const page = await stripe.customers.list({limit: 3});
  assert.equal(page.object, 'list');
  assert.equal(page.url, '/v1/customers');
  assert.equal(page.has_more, true);
  assert.deepEqual(page.data.map((c) => c.id), newestFirst.slice(0, 3));
  const next = await stripe.customers.list({limit: 3, starting_after: page.data[2].id});
  assert.deepEqual(next.data.map((c) => c.id), newestFirst.slice(3, 6));

  const seen = [];
  for await (const c of stripe.customers.list({limit: 2})) seen.push(c.id);
  assert.deepEqual(seen, newestFirst);

  const all = await stripe.customers.list({limit: 3}).autoPagingToArray({limit: 100});
  assert.deepEqual(all.map((c) => c.id), newestFirst);
  const some = await stripe.customers.list({limit: 2}).autoPagingToArray({limit: 5});
  assert.deepEqual(some.map((c) => c.id), newestFirst.slice(0, 5));

  const byEmail = await stripe.customers.list({email: 'c3@example.com'});
  assert.deepEqual(byEmail.data.map((c) => c.id), [made[3]]);
  // The list filter is case-sensitive (Stripe's reference says so); search is not.
  assert.deepEqual((await stripe.customers.list({email: 'C3@example.com'})).data, []);

  const older = await stripe.customers.list({limit: 2, ending_before: made[2]});
  assert.deepEqual(older.data.map((c) => c.id), [made[4], made[3]]); // still newest first
  assert.equal(older.has_more, true);
});

test('search by email and metadata, with next_page paging', async () => {
  const stripe = client(emulator);
  const x = await stripe.customers.create({email: 'x@y.com', name: 'Xavier',
    metadata: {team: 'red'}});
  const others = [];
  for (let i = 0; i < 3; i++) {
    others.push((await stripe.customers.create({email: `o${i}@y.com`,
      metadata: {team: 'blue'}})).id);
  }
  // Real Stripe's search index can lag by up to a minute; this server's is immediate.
  const found = await stripe.customers.search({query: "email:'x@y.com'"});
  assert.equal(found.object, 'search_result');
  assert.equal(found.url, '/v1/customers/search');
  assert.equal(found.has_more, false);
  assert.equal(found.next_page, null);
  assert.deepEqual(found.data.map((c) => c.id), [x.id]);
  assert.equal(found.data[0].name, 'Xavier');

  const upper = await stripe.customers.search({query: 'email:"X@Y.COM"'});
  assert.deepEqual(upper.data.map((c) => c.id), [x.id]); // exact match, case-insensitive
  const partial = await stripe.customers.search({query: "name~'avie'"});
  assert.deepEqual(partial.data.map((c) => c.id), [x.id]);
  const none = await stripe.customers.search({query: "email:'nobody@y.com'"});
  assert.deepEqual(none.data, []);

  const first = await stripe.customers.search({query: "metadata['team']:'blue'", limit: 2});
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);
  assert.equal(typeof first.next_page, 'string');
  const blue = await stripe.customers.search({query: "metadata['team']:'blue'", limit: 2})
    .autoPagingToArray({limit: 100});
  assert.deepEqual(blue.map((c) => c.id).sort(), [...others].sort());

  const counted = await stripe.customers.search({query: "metadata['team']:'blue'",
    expand: ['total_count']});
  assert.equal(counted.total_count, 3);
});

test('each key is its own account', async () => {
  const a = client(emulator);
  const b = client(emulator);
  const c = await a.customers.create({email: 'mine@example.com'});
  const err = await rejection(b.customers.retrieve(c.id));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
  assert.deepEqual((await b.customers.list()).data, []);
});
