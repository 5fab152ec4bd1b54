// Customer tax IDs through stripe-node: create, list, retrieve, delete, format checks.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('create, retrieve, list and delete a customer tax ID', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create({name: 'Acme GmbH'});
  const t = await stripe.customers.createTaxId(c.id, {type: 'eu_vat', value: 'DE123456789'});
  assert.match(t.id, /^txi_[A-Za-z0-9]{24}$/);
  assert.equal(t.object, 'tax_id');
  assert.equal(t.type, 'eu_vat');
  assert.equal(t.value, 'DE123456789');
  assert.equal(t.country, 'DE');
  assert.equal(t.customer, c.id);
  assert.equal(t.livemode, false);
  assert.equal(t.owner.type, 'customer');
  assert.equal(t.owner.customer, c.id);
  // Stripe's own fixture of this very value: verification starts pending.
  assert.deepEqual({...t.verification}, {status: 'pending', verified_address: null,
    verified_name: null});

  const us = await stripe.customers.createTaxId(c.id, {type: 'us_ein', value: '12-3456789'});
  assert.equal(us.country, 'US');
  // Types without a register check: null or `unavailable` (which one is not documented).
  assert.ok(us.verification === null || us.verification.status === 'unavailable',
    JSON.stringify(us.verification));

  const got = await stripe.customers.retrieveTaxId(c.id, t.id);
  assert.equal(got.id, t.id);
  assert.equal(got.value, 'DE123456789');

  const list = await stripe.customers.listTaxIds(c.id);
  assert.equal(list.object, 'list');
  assert.equal(list.url, `/v1/customers/${c.id}/tax_ids`);
  assert.deepEqual(list.data.map((x) => x.id), [us.id, t.id]);

  const expanded = await stripe.customers.retrieve(c.id, {expand: ['tax_ids']});
  assert.deepEqual(expanded.tax_ids.data.map((x) => x.id), [us.id, t.id]);

  const deleted = await stripe.customers.deleteTaxId(c.id, t.id);
  assert.deepEqual({...deleted}, {id: t.id, object: 'tax_id', deleted: true});
  assert.deepEqual((await stripe.customers.listTaxIds(c.id)).data.map((x) => x.id), [us.id]);
  const err = await rejection(stripe.customers.retrieveTaxId(c.id, t.id));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
});

test("Stripe's test numbers decide the verification", async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  const verified = await stripe.customers.createTaxId(c.id, {type: 'eu_vat',
    value: 'DE000000000'});
  assert.equal(verified.verification.status, 'verified');
  const unverified = await stripe.customers.createTaxId(c.id, {type: 'eu_vat',
    value: 'DE111111111'});
  assert.equal(unverified.verification.status, 'unverified');
});

test('an invalid value is refused with tax_id_invalid on value, and nothing is stored', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  const err = await rejection(stripe.customers.createTaxId(c.id, {type: 'eu_vat',
    value: 'DE123'}));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.rawType, 'invalid_request_error');
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'tax_id_invalid');
  assert.equal(err.param, 'value');
  assert.equal(err.message, 'Invalid value for eu_vat.');
  assert.deepEqual((await stripe.customers.listTaxIds(c.id)).data, []);

  const badType = await rejection(stripe.customers.createTaxId(c.id, {type: 'xx_nope',
    value: '123'}));
  assert.equal(badType.statusCode, 400);
  assert.equal(badType.param, 'type');
});

test('tax_id_data on customer create', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create({
    tax_id_data: [{type: 'gb_vat', value: 'GB123456789'}], expand: ['tax_ids']});
  assert.equal(c.tax_ids.data.length, 1);
  assert.equal(c.tax_ids.data[0].type, 'gb_vat');
  assert.equal(c.tax_ids.data[0].country, 'GB');
  assert.equal(c.tax_ids.data[0].customer, c.id);
});
