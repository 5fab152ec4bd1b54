// Customer balance transactions through stripe-node: the ledger and the customer's balance.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('credits and debits move the balance, each with its ending_balance', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create({email: 'ledger@example.com'});
  assert.equal(c.balance, 0);
  assert.equal(c.currency, null);

  const credit = await stripe.customers.createBalanceTransaction(c.id, {
    amount: -500, currency: 'usd', description: 'Goodwill credit', metadata: {ticket: 'T-1'},
  });
  assert.match(credit.id, /^cbtxn_[A-Za-z0-9]{24}$/);
  assert.equal(credit.object, 'customer_balance_transaction');
  assert.equal(credit.amount, -500);
  assert.equal(credit.currency, 'usd');
  assert.equal(credit.customer, c.id);
  assert.equal(credit.description, 'Goodwill credit');
  assert.deepEqual(credit.metadata, {ticket: 'T-1'});
  assert.equal(credit.ending_balance, -500);
  assert.equal(credit.type, 'adjustment');
  assert.equal(credit.invoice, null);
  assert.equal(credit.credit_note, null);
  assert.equal(credit.livemode, false);

  let customer = await stripe.customers.retrieve(c.id);
  assert.equal(customer.balance, -500);
  assert.equal(customer.currency, 'usd'); // the first movement sets the customer's currency

  const debit = await stripe.customers.createBalanceTransaction(c.id, {amount: 200,
    currency: 'usd'});
  assert.equal(debit.ending_balance, -300);
  assert.equal(debit.type, 'adjustment');
  assert.equal(debit.description, null);
  customer = await stripe.customers.retrieve(c.id);
  assert.equal(customer.balance, -300);

  const list = await stripe.customers.listBalanceTransactions(c.id);
  assert.equal(list.object, 'list');
  assert.equal(list.url, `/v1/customers/${c.id}/balance_transactions`);
  assert.equal(list.has_more, false);
  assert.deepEqual(list.data.map((t) => t.id), [debit.id, credit.id]); // newest first
  assert.deepEqual(list.data.map((t) => t.ending_balance), [-300, -500]);

  const paged = await stripe.customers.listBalanceTransactions(c.id, {limit: 1})
    .autoPagingToArray({limit: 10});
  assert.deepEqual(paged.map((t) => t.id), [debit.id, credit.id]);
});

test('retrieve and update a transaction (description and metadata only)', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  const t = await stripe.customers.createBalanceTransaction(c.id, {amount: -100,
    currency: 'eur'});
  const got = await stripe.customers.retrieveBalanceTransaction(c.id, t.id);
  assert.equal(got.id, t.id);
  assert.equal(got.amount, -100);
  const up = await stripe.customers.updateBalanceTransaction(c.id, t.id, {
    description: 'Refund for order 7', metadata: {order: '7'}});
  assert.equal(up.description, 'Refund for order 7');
  assert.deepEqual(up.metadata, {order: '7'});
  assert.equal(up.amount, -100);

  const err = await rejection(
    stripe.customers.updateBalanceTransaction(c.id, t.id, {amount: 5}));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'parameter_unknown');
  assert.equal(err.param, 'amount');
});

test('balance can be set on the customer directly', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create({balance: 1000});
  assert.equal(c.balance, 1000);
  const up = await stripe.customers.update(c.id, {balance: 250});
  assert.equal(up.balance, 250);
  assert.equal((await stripe.customers.retrieve(c.id)).balance, 250);
  // Whether real Stripe lists these as balance transactions is not documented; not asserted.
});

test('required params and unknown customers are refused', async () => {
  const stripe = client(emulator);
  const c = await stripe.customers.create();
  let err = await rejection(stripe.customers.createBalanceTransaction(c.id, {currency: 'usd'}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'parameter_missing');
  assert.equal(err.param, 'amount');
  assert.equal(err.message, 'Missing required param: amount.');

  err = await rejection(stripe.customers.createBalanceTransaction(c.id, {amount: 100,
    currency: 'zzz'}));
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'currency');

  err = await rejection(stripe.customers.createBalanceTransaction('cus_missing',
    {amount: 100, currency: 'usd'}));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
  assert.equal((await stripe.customers.retrieve(c.id)).balance, 0);
});
