// Webhook endpoints and signed deliveries, verified with stripe-node's own webhook helpers.
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {after, before, test} from 'node:test';
import Stripe from 'stripe';
import {client, rejection, until, useEmulator} from './harness.mjs';

// Fast retries, so that a failed delivery is retried within the test.
const emulator = useEmulator(['--webhook-retry-schedule', '0.1,0.2,0.4']);

/** A local receiver: records each delivery's raw body and headers; answers 200 unless told. */
class Receiver {
  constructor() {
    this.deliveries = [];
    this.failuresLeft = 0;
    this.server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        this.deliveries.push({path: req.url, method: req.method, headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8')});
        if (this.failuresLeft > 0) {
          this.failuresLeft--;
          res.writeHead(500).end('try again');
        } else {
          res.writeHead(200, {'Content-Type': 'text/plain'}).end('ok');
        }
      });
    });
  }

  listen() {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path) {
    return `http://127.0.0.1:${this.server.address().port}${path}`;
  }

  /** Deliveries to `path` (each endpoint of a test has a path of its own). */
  to(path) {
    return this.deliveries.filter((d) => d.path === path);
  }

  close() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

const receiver = new Receiver();
before(() => receiver.listen());
after(() => receiver.close());

let paths = 0;
const newPath = () => `/hooks/${++paths}`;

const typeOf = (delivery) => JSON.parse(delivery.body).type;

/** Wait until the event has no delivery left pending. */
async function settled(stripe, eventId) {
  await until(async () => (await stripe.events.retrieve(eventId)).pending_webhooks === 0,
    5_000, `event ${eventId} to be delivered`);
}

test('a webhook endpoint: the secret on create only', async () => {
  const stripe = client(emulator);
  // Every URL here is the local receiver's: nothing is ever sent off this machine.
  const url = receiver.url('/unused');
  const we = await stripe.webhookEndpoints.create({url,
    enabled_events: ['customer.created', 'invoice.paid'], description: 'mine',
    metadata: {k: 'v'}});
  assert.match(we.id, /^we_[A-Za-z0-9]{24}$/);
  assert.equal(we.object, 'webhook_endpoint');
  assert.match(we.secret, /^whsec_/);
  assert.equal(we.status, 'enabled');
  assert.equal(we.url, url);
  assert.deepEqual(we.enabled_events, ['customer.created', 'invoice.paid']);
  assert.equal(we.description, 'mine');
  assert.deepEqual(we.metadata, {k: 'v'});

  const got = await stripe.webhookEndpoints.retrieve(we.id);
  assert.equal(got.id, we.id);
  assert.equal(got.secret, undefined);

  const up = await stripe.webhookEndpoints.update(we.id, {disabled: true,
    enabled_events: ['*']});
  assert.equal(up.status, 'disabled');
  assert.deepEqual(up.enabled_events, ['*']);
  const list = await stripe.webhookEndpoints.list();
  assert.deepEqual(list.data.map((x) => x.id), [we.id]);

  const err = await rejection(stripe.webhookEndpoints.create({url,
    enabled_events: ['customer.exploded']}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'enabled_events[0]');

  const gone = await stripe.webhookEndpoints.del(we.id);
  assert.deepEqual({...gone}, {id: we.id, object: 'webhook_endpoint', deleted: true});
});

test('customer.created is delivered signed, and constructEvent verifies it', async () => {
  const stripe = client(emulator);
  const path = newPath();
  const endpoint = await stripe.webhookEndpoints.create({url: receiver.url(path),
    enabled_events: ['customer.created']});
  const customer = await stripe.customers.create({email: 'hook@example.com'});

  const [delivery] = await until(() => receiver.to(path).length && receiver.to(path), 5_000,
    'the customer.created delivery');
  assert.equal(delivery.method, 'POST');
  assert.match(delivery.headers['content-type'], /^application\/json/);
  const header = delivery.headers['stripe-signature'];
  assert.match(header, /^t=\d+,v1=[0-9a-f]{64}/);

  const event = stripe.webhooks.constructEvent(delivery.body, header, endpoint.secret);
  assert.match(event.id, /^evt_[A-Za-z0-9]{24}$/);
  assert.equal(event.object, 'event');
  assert.equal(event.type, 'customer.created');
  assert.equal(event.api_version, '2026-10-28.endive');
  assert.equal(event.livemode, false);
  assert.equal(event.data.object.id, customer.id);
  assert.equal(event.data.object.email, 'hook@example.com');
  assert.equal(event.request.id, customer.lastResponse.requestId);
  // The SDK sends an Idempotency-Key on every POST; the event records it.
  assert.equal(event.request.idempotency_key, customer.lastResponse.idempotencyKey);
  assert.equal(event.data.previous_attributes, undefined);

  // A Buffer payload verifies as well (what express.raw() hands a receiver).
  const fromBuffer = stripe.webhooks.constructEvent(Buffer.from(delivery.body, 'utf8'), header,
    endpoint.secret);
  assert.equal(fromBuffer.id, event.id);
  const viaAsync = await stripe.webhooks.constructEventAsync(delivery.body, header,
    endpoint.secret);
  assert.equal(viaAsync.id, event.id);

  // The event the API lists is the one delivered.
  const listed = await stripe.events.retrieve(event.id);
  assert.equal(listed.type, 'customer.created');
  assert.equal(listed.data.object.id, customer.id);
  await settled(stripe, event.id);
});

test('a tampered body, a wrong secret or a stale timestamp fails verification', async () => {
  const stripe = client(emulator);
  const path = newPath();
  const endpoint = await stripe.webhookEndpoints.create({url: receiver.url(path),
    enabled_events: ['customer.created']});
  const customer = await stripe.customers.create({email: 'tamper@example.com'});
  const [delivery] = await until(() => receiver.to(path).length && receiver.to(path), 5_000,
    'the customer.created delivery');
  const header = delivery.headers['stripe-signature'];
  assert.ok(delivery.body.includes(customer.id));

  const tampered = delivery.body.replace('tamper@example.com', 'attacker@example.com');
  assert.notEqual(tampered, delivery.body);
  let err = (() => {
    try {
      stripe.webhooks.constructEvent(tampered, header, endpoint.secret);
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(err instanceof Stripe.errors.StripeSignatureVerificationError, String(err));
  assert.equal(err.type, 'StripeSignatureVerificationError');

  assert.throws(() => stripe.webhooks.constructEvent(delivery.body, header, 'whsec_wrong'),
    Stripe.errors.StripeSignatureVerificationError);
  await assert.rejects(stripe.webhooks.constructEventAsync(tampered, header, endpoint.secret),
    Stripe.errors.StripeSignatureVerificationError);

  // The signature is fresh: with a tolerance of 300 s it verifies, but not ten minutes later.
  const t = Number(/t=(\d+)/.exec(header)[1]);
  assert.ok(Math.abs(Date.now() / 1000 - t) < 60, `timestamp ${t}`);
  assert.throws(() => stripe.webhooks.constructEvent(delivery.body, header, endpoint.secret,
    300, undefined, (t + 600) * 1000), Stripe.errors.StripeSignatureVerificationError);
});

test('an endpoint gets only the types it subscribes to', async () => {
  const stripe = client(emulator);
  const onlyCreated = newPath();
  const everything = newPath();
  await stripe.webhookEndpoints.create({url: receiver.url(onlyCreated),
    enabled_events: ['customer.created']});
  await stripe.webhookEndpoints.create({url: receiver.url(everything), enabled_events: ['*']});
  const customer = await stripe.customers.create();
  await stripe.customers.update(customer.id, {name: 'Renamed'});
  const [updated] = (await stripe.events.list({type: 'customer.updated'})).data;
  assert.equal(updated.data.object.name, 'Renamed');
  assert.deepEqual({...updated.data.previous_attributes}, {name: null});
  await settled(stripe, updated.id);
  const [created] = (await stripe.events.list({type: 'customer.created'})).data;
  await settled(stripe, created.id);

  assert.deepEqual(receiver.to(onlyCreated).map(typeOf), ['customer.created']);
  assert.deepEqual(receiver.to(everything).map(typeOf).sort(),
    ['customer.created', 'customer.updated']);
});

test('a failed delivery is retried until the receiver answers 2xx', async () => {
  const stripe = client(emulator);
  const path = newPath();
  const endpoint = await stripe.webhookEndpoints.create({url: receiver.url(path),
    enabled_events: ['customer.created']});
  receiver.failuresLeft = 2;
  await stripe.customers.create();
  const [event] = (await stripe.events.list({type: 'customer.created'})).data;
  await settled(stripe, event.id);
  const got = receiver.to(path);
  assert.equal(got.length, 3);
  for (const d of got) {
    const e = stripe.webhooks.constructEvent(d.body, d.headers['stripe-signature'],
      endpoint.secret);
    assert.equal(e.id, event.id); // the same event each time
  }
  const delivered = await stripe.events.list({delivery_success: true});
  assert.deepEqual(delivered.data.map((e) => e.id), [event.id]);
});
