// Card payment methods through stripe-node: test tokens, attach, the customer's list, detach.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('a card payment method from tok_visa', async () => {
  const stripe = client(emulator);
  const pm = await stripe.paymentMethods.create({type: 'card', card: {token: 'tok_visa'},
    billing_details: {name: 'Jenny Rosen', email: 'jenny@example.com'}});
  assert.match(pm.id, /^pm_[A-Za-z0-9]{24}$/);
  assert.equal(pm.object, 'payment_method');
  assert.equal(pm.type, 'card');
  assert.equal(pm.customer, null);
  assert.equal(pm.livemode, false);
  assert.equal(pm.card.brand, 'visa');
  assert.equal(pm.card.last4, '4242');
  assert.equal(pm.card.funding, 'credit');
  assert.equal(pm.card.country, 'US');
  assert.equal(typeof pm.card.exp_month, 'number');
  assert.ok(pm.card.exp_year >= new Date().getUTCFullYear());
  assert.equal(typeof pm.card.fingerprint, 'string');
  assert.equal(pm.billing_details.name, 'Jenny Rosen');
  assert.equal(pm.billing_details.email, 'jenny@example.com');
  assert.equal(JSON.stringify(pm).includes('4242424242424242'), false);

  const mc = await stripe.paymentMethods.create({type: 'card', card: {token: 'tok_mastercard'}});
  assert.equal(mc.card.brand, 'mastercard');
  assert.equal(mc.card.last4, '4444');
  assert.notEqual(mc.card.fingerprint, pm.card.fingerprint);

  const got = await stripe.paymentMethods.retrieve(pm.id);
  assert.equal(got.id, pm.id);
  assert.equal(got.card.last4, '4242');
});

test('attach, list the customer\'s methods, retrieve one, detach', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create({email: 'cards@example.com'});
  const pm = await stripe.paymentMethods.create({type: 'card', card: {token: 'tok_visa'}});
  const attached = await stripe.paymentMethods.attach(pm.id, {customer: c.id});
  assert.equal(attached.id, pm.id);
  assert.equal(attached.customer, c.id);

  const amex = await stripe.paymentMethods.attach('pm_card_amex', {customer: c.id});
  assert.notEqual(amex.id, 'pm_card_amex'); // a test name makes a new method
  assert.match(amex.id, /^pm_/);
  assert.equal(amex.card.brand, 'amex');
  assert.equal(amex.customer, c.id);

  const list = await stripe.customers.listPaymentMethods(c.id);
  assert.equal(list.object, 'list');
  assert.equal(list.url, `/v1/customers/${c.id}/payment_methods`);
  assert.deepEqual(list.data.map((x) => x.id), [amex.id, pm.id]);
  const cards = await stripe.customers.listPaymentMethods(c.id, {type: 'card', limit: 1})
    .autoPagingToArray({limit: 10});
  assert.deepEqual(cards.map((x) => x.id), [amex.id, pm.id]);
  const viaList = await stripe.paymentMethods.list({customer: c.id, type: 'card'});
  assert.deepEqual(viaList.data.map((x) => x.id), [amex.id, pm.id]);

  const one = await stripe.customers.retrievePaymentMethod(c.id, pm.id);
  assert.equal(one.id, pm.id);
  assert.equal(one.customer, c.id);

  const detached = await stripe.paymentMethods.detach(pm.id);
  assert.equal(detached.id, pm.id);
  assert.equal(detached.customer, null);
  const after = await stripe.customers.listPaymentMethods(c.id);
  assert.deepEqual(after.data.map((x) => x.id), [amex.id]);

  // A detached method cannot be used again.
  const err = await rejection(stripe.paymentMethods.attach(pm.id, {customer: c.id}));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.equal(err.message, 'This PaymentMethod was previously used without being attached to ' +
    'a Customer or was detached from a Customer, and may not be used again.');
});

test('attach refusals: already attached, not attached, unknown customer, unknown method',
  async () => {
    const stripe = client(emulator);
    const a = await stripe.customers.create();
    const b = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_visa', {customer: a.id});

    let err = await rejection(stripe.paymentMethods.attach(pm.id, {customer: b.id}));
    assert.equal(err.statusCode, 400);
    assert.equal(err.message,
      'The payment method you provided has already been attached to a customer.');

    const loose = await stripe.paymentMethods.create({type: 'card', card: {token: 'tok_visa'}});
    err = await rejection(stripe.paymentMethods.detach(loose.id));
    assert.equal(err.statusCode, 400);
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.message, 'The payment method you provided is not attached to a customer ' +
      'so detachment is impossible.');

    // A default payment method must be one the customer has.
    err = await rejection(stripe.customers.update(b.id,
      {invoice_settings: {default_payment_method: pm.id}}));
    assert.equal(err.statusCode, 400);
    assert.equal(err.param, 'invoice_settings[default_payment_method]');
    assert.equal(err.message, `The customer does not have a payment method with the ID ${pm.id}. ` +
      'The payment method must be attached to the customer.');

    err = await rejection(stripe.paymentMethods.attach(loose.id, {customer: 'cus_nope'}));
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'resource_missing');
    assert.equal(err.param, 'customer');

    err = await rejection(stripe.paymentMethods.attach('pm_nope', {customer: a.id}));
    assert.equal(err.statusCode, 404);
    assert.equal(err.code, 'resource_missing');
    assert.equal(err.param, 'payment_method');  // as recorded (2025-10-29.clover)
    assert.ok(err.message.startsWith("No such PaymentMethod: 'pm_nope'; It's possible this " +
      'PaymentMethod exists on one of your connected accounts'));

    err = await rejection(stripe.paymentMethods.create({type: 'card',
      card: {token: 'tok_nonsense'}}));
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'resource_missing');
    assert.equal(err.param, 'card[token]');
  });

test('a declining card cannot be attached: StripeCardError card_declined', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  const pm = await stripe.paymentMethods.create({type: 'card',
    card: {token: 'tok_visa_chargeDeclined'}});
  assert.equal(pm.card.last4, '0002');
  const err = await rejection(stripe.paymentMethods.attach(pm.id, {customer: c.id}));
  assert.equal(err.type, 'StripeCardError');
  assert.equal(err.rawType, 'card_error');
  assert.equal(err.statusCode, 402);
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'generic_decline');
  assert.equal(err.message, 'Your card was declined.');
  assert.deepEqual((await stripe.customers.listPaymentMethods(c.id)).data, []);

  const insufficient = await rejection(stripe.paymentMethods.attach(
    'pm_card_visa_chargeDeclinedInsufficientFunds', {customer: c.id}));
  assert.equal(insufficient.type, 'StripeCardError');
  assert.equal(insufficient.code, 'card_declined');
  assert.equal(insufficient.decline_code, 'insufficient_funds');
});

test('card details: a number, and its checks', async () => {
  const stripe = client(emulator);
  const year = new Date().getUTCFullYear() + 3;
  const pm = await stripe.paymentMethods.create({type: 'card',
    card: {number: '5555555555554444', exp_month: 4, exp_year: year, cvc: '123'}});
  assert.equal(pm.card.brand, 'mastercard');
  assert.equal(pm.card.exp_month, 4);
  assert.equal(pm.card.exp_year, year);
  assert.equal(pm.card.checks.cvc_check, 'pass');

  const err = await rejection(stripe.paymentMethods.create({type: 'card',
    card: {number: '4242424242424241', exp_month: 4, exp_year: year}}));
  assert.equal(err.type, 'StripeCardError');
  assert.equal(err.statusCode, 402);
  assert.equal(err.code, 'incorrect_number');
  assert.equal(err.param, 'card[number]');
});
