// Stripe's error objects as stripe-node surfaces them.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import Stripe from 'stripe';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('a missing required param: parameter_missing with its param', async () => {
  const stripe = client(emulator);
  const err = await rejection(stripe.invoices.create({}));
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.rawType, 'invalid_request_error');
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'parameter_missing');
  assert.equal(err.param, 'customer');
  assert.equal(err.message, 'Missing required param: customer.');
  assert.match(err.requestId, /^req_/);

  const nested = await rejection(stripe.customers.create({shipping: {name: 'Ann'}}));
  assert.equal(nested.code, 'parameter_missing');
  assert.equal(nested.param, 'shipping[address]');
});

test('an unknown param: parameter_unknown, bracketed when nested', async () => {
  const stripe = client(emulator);
  let err = await rejection(stripe.customers.create({nonsense: 'x'}));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'parameter_unknown');
  assert.equal(err.param, 'nonsense');
  assert.equal(err.message, 'Received unknown parameter: nonsense');

  err = await rejection(stripe.customers.create({address: {planet: 'Mars'}}));
  assert.equal(err.code, 'parameter_unknown');
  assert.equal(err.param, 'address[planet]');
  assert.equal(err.message, 'Received unknown parameter: address[planet]');
  assert.deepEqual((await stripe.customers.list()).data, []);
});

test('a missing object: resource_missing, 404 on a path id, 400 on a body param', async () => {
  const stripe = client(emulator);
  let err = await rejection(stripe.customers.retrieve('cus_doesnotexist'));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
  assert.equal(err.param, 'id');
  assert.equal(err.message, "No such customer: 'cus_doesnotexist'");

  err = await rejection(stripe.customers.update('cus_doesnotexist', {name: 'x'}));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');

  err = await rejection(stripe.invoices.create({customer: 'cus_doesnotexist'}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'resource_missing');
  assert.equal(err.param, 'customer');
  assert.equal(err.message, "No such customer: 'cus_doesnotexist'");

  err = await rejection(stripe.invoices.retrieve('in_doesnotexist'));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
  assert.equal(err.param, 'id');
});

test('malformed values: integers, emails, enums', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  let err = await rejection(stripe.invoiceItems.create({customer: c.id, amount: 'ten',
    currency: 'usd'}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'parameter_invalid_integer');
  assert.equal(err.param, 'amount');

  err = await rejection(stripe.customers.create({email: 'not-an-email'}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'email_invalid');
  assert.equal(err.param, 'email');

  err = await rejection(stripe.customers.create({tax_exempt: 'sometimes'}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'tax_exempt');
});

test('authentication: a publishable key and a bad key are refused', async () => {
  const pk = client(emulator, 'pk_test_123');
  let err = await rejection(pk.customers.list());
  assert.equal(err.type, 'StripeAuthenticationError');
  assert.equal(err.statusCode, 401);

  const bad = client(emulator, 'not_a_key');
  err = await rejection(bad.customers.list());
  assert.equal(err.type, 'StripeAuthenticationError');
  assert.equal(err.statusCode, 401);
  assert.match(err.message, /^Invalid API Key provided/);
});

test('an unrecognized URL through rawRequest', async () => {
  const stripe = client(emulator);
  const err = await rejection(stripe.rawRequest('GET', '/v1/nothing_here'));
  assert.equal(err.statusCode, 404);
  assert.equal(err.rawType, 'invalid_request_error');
  assert.match(err.message, /^Unrecognized request URL \(GET: \/v1\/nothing_here\)/);
});
