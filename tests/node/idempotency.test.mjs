// Idempotency-Key through stripe-node: replays, mismatches, keys per account.
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('the same key twice replays the first result', async () => {
  const stripe = client(emulator);
  const key = `node-${randomUUID()}`;
  const first = await stripe.customers.create({email: 'once@example.com'},
    {idempotencyKey: key});
  const again = await stripe.customers.create({email: 'once@example.com'},
    {idempotencyKey: key});
  assert.equal(again.id, first.id);
  assert.equal(again.email, 'once@example.com');
  assert.equal(first.lastResponse.idempotencyKey, key);
  assert.equal(again.lastResponse.idempotencyKey, key);
  assert.equal(first.lastResponse.headers['idempotent-replayed'], undefined);
  assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
  const list = await stripe.customers.list();
  assert.deepEqual(list.data.map((c) => c.id), [first.id]);
});

test('the same key with other params is an idempotency_error', async () => {
  const stripe = client(emulator);
  const key = `node-${randomUUID()}`;
  await stripe.customers.create({email: 'a@example.com'}, {idempotencyKey: key});
  const err = await rejection(stripe.customers.create({email: 'b@example.com'},
    {idempotencyKey: key}));
  assert.equal(err.type, 'StripeIdempotencyError');
  assert.equal(err.rawType, 'idempotency_error');
  assert.equal(err.statusCode, 400);
  assert.ok(err.message.includes(key), err.message);
  assert.match(err.message, /^Keys for idempotent requests can only be used with the same parameters/);
  assert.equal((await stripe.customers.list()).data.length, 1);

  // On another endpoint too.
  const c = (await stripe.customers.list()).data[0];
  const other = await rejection(stripe.customers.update(c.id, {name: 'x'},
    {idempotencyKey: key}));
  assert.equal(other.type, 'StripeIdempotencyError');
});

test('keys are per account', async () => {
  const a = client(emulator);
  const b = client(emulator);
  const key = `node-${randomUUID()}`;
  const ca = await a.customers.create({}, {idempotencyKey: key});
  const cb = await b.customers.create({}, {idempotencyKey: key});
  assert.notEqual(ca.id, cb.id);
  assert.equal(cb.lastResponse.headers['idempotent-replayed'], undefined);
});

test('a failure during execution is saved and replayed; a validation failure is not',
  async () => {
    const stripe = client(emulator);
    await stripe.customers.create({invoice_prefix: 'TAKEN'});
    const key = `node-${randomUUID()}`;
    const first = await rejection(stripe.customers.create({invoice_prefix: 'TAKEN'},
      {idempotencyKey: key}));
    assert.equal(first.param, 'invoice_prefix');
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const second = await rejection(stripe.customers.create({invoice_prefix: 'TAKEN'},
      {idempotencyKey: key}));
    assert.equal(second.param, 'invoice_prefix');
    assert.equal(second.headers['idempotent-replayed'], 'true');

    const key2 = `node-${randomUUID()}`;
    const invalid = await rejection(stripe.customers.create({email: 'bad'},
      {idempotencyKey: key2}));
    assert.equal(invalid.code, 'email_invalid');
    const good = await stripe.customers.create({email: 'good@example.com'},
      {idempotencyKey: key2});
    assert.equal(good.email, 'good@example.com');
  });

test('the SDK sends its own key on every POST, and the server echoes it', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  assert.match(c.lastResponse.idempotencyKey, /^stripe-node-retry-[0-9a-f-]{36}$/);
  assert.equal(c.lastResponse.headers['idempotency-key'], c.lastResponse.idempotencyKey);
});
