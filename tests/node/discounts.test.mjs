// Coupons, promotion codes, discounts and credit notes through stripe-node.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {client, rejection, useEmulator} from './harness.mjs';

const emulator = useEmulator();

test('a promotion code discounts an invoice, tax on what is left', async () => {
  const stripe = client(emulator);
  const coupon = await stripe.coupons.create({percent_off: 10, duration: 'once'});
  const code = await stripe.promotionCodes.create({
    promotion: {type: 'coupon', coupon: coupon.id}, code: 'NODE10'});
  assert.equal(code.promotion.coupon, coupon.id);
  const customer = await stripe.customers.create({});
  const rate = await stripe.taxRates.create({display_name: 'VAT', percentage: 20,
    inclusive: false});
  await stripe.invoiceItems.create({customer: customer.id, amount: 5000, currency: 'usd',
    tax_rates: [rate.id]});
  const invoice = await stripe.invoices.create({customer: customer.id,
    pending_invoice_items_behavior: 'include', discounts: [{promotion_code: code.id}],
    expand: ['discounts']});
  assert.equal(invoice.total_discount_amounts[0].amount, 500);
  assert.equal(invoice.total, 5400);
  assert.equal(invoice.discounts[0].promotion_code, code.id);
  const err = await rejection(stripe.coupons.create({percent_off: 10, amount_off: 5,
    currency: 'usd'}));
  assert.equal(err.type, 'StripeInvalidRequestError');
});

test('a credit note lowers what is due, and voiding it restores it', async () => {
  const stripe = client(emulator);
  const customer = await stripe.customers.create({});
  await stripe.invoiceItems.create({customer: customer.id, amount: 3000, currency: 'usd'});
  const draft = await stripe.invoices.create({customer: customer.id,
    pending_invoice_items_behavior: 'include', collection_method: 'send_invoice',
    days_until_due: 30});
  const invoice = await stripe.invoices.finalizeInvoice(draft.id);
  const preview = await stripe.creditNotes.preview({invoice: invoice.id, amount: 1000});
  assert.equal(preview.pre_payment_amount, 1000);
  const note = await stripe.creditNotes.create({invoice: invoice.id, lines: [
    {type: 'invoice_line_item', invoice_line_item: invoice.lines.data[0].id, amount: 1000}]});
  assert.equal(note.type, 'pre_payment');
  assert.equal((await stripe.invoices.retrieve(invoice.id)).amount_due, 2000);
  const lines = await stripe.creditNotes.listLineItems(note.id);
  assert.equal(lines.data[0].amount, 1000);
  await stripe.creditNotes.voidCreditNote(note.id);
  assert.equal((await stripe.invoices.retrieve(invoice.id)).amount_due, 3000);
});
