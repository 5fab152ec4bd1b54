// Products, prices, subscriptions and test clocks through stripe-node: the catalogue, a
// subscription on a clock that renews, a mid-period upgrade prorated to the cent, its
// preview, subscription items, and the refusals.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

const APR_1 = 1_775_001_600; // 2026-04-01T00:00:00Z
const APR_16 = 1_776_297_600; // halfway through April (30 days)
const MAY_1 = 1_777_593_600;
const HOUR = 3_600;

async function onClock(stripe) {
  const clock = await stripe.testHelpers.testClocks.create({frozen_time: APR_1});
  assert.equal(clock.status, 'ready');
  const customer = await stripe.customers.create({test_clock: clock.id,
    payment_method: 'pm_card_visa', invoice_settings: {default_payment_method: 'pm_card_visa'}});
  const product = await stripe.products.create({name: 'Gold plan'});
  const price = await stripe.prices.create({currency: 'usd', unit_amount: 1000,
    product: product.id, recurring: {interval: 'month'}});
  return {clock, customer, product, price};
}

test('the catalogue: a product with a default price, lookup keys, search', async () => {
  const stripe = client(emulator);
  const product = await stripe.products.create({name: 'Basic',
    default_price_data: {currency: 'usd', unit_amount: 500, recurring: {interval: 'month'}}});
  assert.match(product.default_price, /^price_/);
  const price = await stripe.prices.retrieve(product.default_price);
  assert.equal(price.type, 'recurring');
  assert.equal(price.recurring.interval, 'month');
  const keyed = await stripe.prices.create({currency: 'usd', unit_amount: 900,
    product: product.id, lookup_key: 'basic_monthly'});
  const moved = await stripe.prices.create({currency: 'usd', unit_amount: 950,
    product: product.id, lookup_key: 'basic_monthly', transfer_lookup_key: true});
  const found = await stripe.prices.list({lookup_keys: ['basic_monthly']});
  assert.deepEqual(found.data.map((p) => p.id), [moved.id]);
  assert.equal((await stripe.prices.retrieve(keyed.id)).lookup_key, null);
  const err = await rejection(stripe.products.del(product.id));
  assert.equal(err.type, 'StripeInvalidRequestError');
});

test('a subscription on a clock renews monthly with paid invoices', async () => {
  const stripe = client(emulator);
  const {clock, customer, price} = await onClock(stripe);
  const sub = await stripe.subscriptions.create({customer: customer.id,
    items: [{price: price.id}]});
  assert.equal(sub.status, 'active');
  assert.equal(sub.items.data[0].current_period_end, MAY_1);
  assert.equal(sub.test_clock, clock.id);
  const advancing = await stripe.testHelpers.testClocks.advance(clock.id,
    {frozen_time: MAY_1 + 2 * HOUR});
  assert.equal(advancing.status, 'advancing');
  assert.equal((await stripe.testHelpers.testClocks.retrieve(clock.id)).status, 'ready');
  const invoices = await stripe.invoices.list({subscription: sub.id});
  assert.deepEqual(invoices.data.map((i) => [i.billing_reason, i.status, i.amount_paid]),
    [['subscription_cycle', 'paid', 1000], ['subscription_create', 'paid', 1000]]);
  const renewed = await stripe.subscriptions.retrieve(sub.id);
  assert.equal(renewed.items.data[0].current_period_start, MAY_1);
});

test('a mid-period upgrade prorates to the cent, as its preview said', async () => {
  const stripe = client(emulator);
  const {clock, customer, price} = await onClock(stripe);
  const sub = await stripe.subscriptions.create({customer: customer.id,
    items: [{price: price.id}]});
  await stripe.testHelpers.testClocks.advance(clock.id, {frozen_time: APR_16});
  const change = {items: [{id: sub.items.data[0].id, quantity: 2}], proration_date: APR_16};
  const preview = await stripe.invoices.createPreview({subscription: sub.id,
    subscription_details: change});
  assert.equal(preview.total, 2500);
  assert.match(preview.id, /^upcoming_in_/);
  await stripe.subscriptions.update(sub.id, change);
  const pending = await stripe.invoiceItems.list({customer: customer.id, pending: true});
  assert.deepEqual(pending.data.map((i) => i.amount).sort((a, b) => a - b), [-500, 1000]);
  assert.ok(pending.data.every((i) => i.proration));
  await stripe.testHelpers.testClocks.advance(clock.id, {frozen_time: MAY_1 + 2 * HOUR});
  const [renewal] = (await stripe.invoices.list({subscription: sub.id, limit: 1})).data;
  assert.equal(renewal.total, preview.total);
  assert.equal(renewal.status, 'paid');
});

test('subscription items: add, list, delete; the last one stays', async () => {
  const stripe = client(emulator);
  const {customer, product, price} = await onClock(stripe);
  const sub = await stripe.subscriptions.create({customer: customer.id,
    items: [{price: price.id}]});
  const seats = await stripe.prices.create({currency: 'usd', unit_amount: 300,
    product: product.id, recurring: {interval: 'month'}});
  const added = await stripe.subscriptionItems.create({subscription: sub.id, price: seats.id,
    quantity: 3, proration_behavior: 'none'});
  assert.match(added.id, /^si_/);
  const listed = await stripe.subscriptionItems.list({subscription: sub.id});
  assert.equal(listed.data.length, 2);
  const gone = await stripe.subscriptionItems.del(added.id, {proration_behavior: 'none'});
  assert.equal(gone.deleted, true);
  const err = await rejection(stripe.subscriptionItems.del(sub.items.data[0].id));
  assert.equal(err.type, 'StripeInvalidRequestError');
});

test('cancel now, a second cancel refused, and a currency mix refused', async () => {
  const stripe = client(emulator);
  const {customer, product, price} = await onClock(stripe);
  const sub = await stripe.subscriptions.create({customer: customer.id,
    items: [{price: price.id}]});
  const euro = await stripe.prices.create({currency: 'eur', unit_amount: 900,
    product: product.id, recurring: {interval: 'month'}});
  const mix = await rejection(stripe.subscriptions.create({customer: customer.id,
    items: [{price: euro.id}]}));
  assert.match(mix.message, /^You cannot combine currencies on a single customer/);
  const canceled = await stripe.subscriptions.cancel(sub.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_details.reason, 'cancellation_requested');
  const again = await rejection(stripe.subscriptions.cancel(sub.id));
  assert.equal(again.statusCode, 404);
  assert.equal(again.code, 'resource_missing');
  const found = await stripe.subscriptions.list({customer: customer.id, status: 'canceled'});
  assert.deepEqual(found.data.map((s) => s.id), [sub.id]);
});
