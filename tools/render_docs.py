"""Render the documents shown in the README into docs/: one page of an invoice PDF in English
and in French (through pdftoppm) and the hosted invoice page (through headless Chromium).

    python tools/render_docs.py [--chromium /usr/bin/chromium] [--out docs]

Needs Debian's poppler-utils and chromium; starts its own server on a free port.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import stripe

ROOT = Path(__file__).resolve().parent.parent


def _start() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "stripe_emulator", "--port", "0",
                             "--log-level", "warning", "--seed", "1",
                             "--dashboard-all-accounts"], stdout=subprocess.PIPE, text=True)
    while True:
        line = proc.stdout.readline()
        if line.startswith("STRIPE_EMULATOR_URL="):
            return proc, line.strip().split("=", 1)[1]


def make_invoice(client: stripe.StripeClient, base: str, locale: str) -> stripe.Invoice:
    """A 20 % VAT invoice for a French business with a tax ID, a discount, custom fields."""
    key = client._requestor._options.api_key  # type: ignore[attr-defined]
    req = urllib.request.Request(f"{base}/_emulator/branding", method="POST", data=(
        "business_name=Atelier+Lumière&support_email=factures%40atelier.example"
        "&address[line1]=12+rue+des+Arts&address[city]=Lyon&address[postal_code]=69002"
        "&address[country]=FR&primary_color=%23c2410c").encode(),
        headers={"Authorization": f"Bearer {key}"})
    urllib.request.urlopen(req).read()
    v1 = client.v1
    customer = v1.customers.create({
        "name": "Camille Martin SARL", "email": "compta@camille.example",
        "preferred_locales": [locale],
        "address": {"line1": "8 rue de Rivoli", "city": "Paris", "postal_code": "75004",
                    "country": "FR"},
        "shipping": {"name": "Camille Martin — entrepôt", "address": {
            "line1": "2 quai de Seine", "city": "Rouen", "postal_code": "76000",
            "country": "FR"}},
        "invoice_settings": {"custom_fields": [{"name": "Bon de commande", "value": "PO-4471"}],
                             "footer": "Paiement à 30 jours. Merci de votre confiance."},
        "tax_id_data": [{"type": "eu_vat", "value": "FR12345678901"}]})
    vat = v1.tax_rates.create({"display_name": "TVA", "percentage": 20, "inclusive": False,
                               "country": "FR"})
    for description, unit, quantity in (("Lampe de bureau en laiton", 18900, 2),
                                        ("Abat-jour en lin, sur mesure", 6450, 4),
                                        ("Installation et réglage", 12000, 1)):
        v1.invoice_items.create({"customer": customer.id, "currency": "eur",
                                 "unit_amount_decimal": str(unit), "quantity": quantity,
                                 "description": description, "tax_rates": [vat.id]})
    coupon = v1.coupons.create({"percent_off": 10, "duration": "once",
                                "name": "Fidélité 10 %"})
    draft = v1.invoices.create({"customer": customer.id, "collection_method": "send_invoice",
                                "days_until_due": 30, "discounts": [{"coupon": coupon.id}],
                                "pending_invoice_items_behavior": "include"})
    return v1.invoices.finalize_invoice(draft.id)


FIRST = ("Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken",
         "Frances", "Tim", "Radia", "Guido", "Hedy", "Donald", "Shafi", "Edsger", "Anita")
LAST = ("Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov",
        "Thompson", "Allen", "Berners-Lee", "Perlman", "van Rossum", "Lamarr", "Knuth")


def shoot_dashboard(chromium: str, base: str, out: Path) -> None:
    """The Customers page with 50 customers: the fixture set, and more like them."""
    key = "sk_test_docs_board"
    req = urllib.request.Request(f"{base}/_emulator/fixtures", method="POST",
                                 data=(ROOT / "fixtures" / "customers.json").read_bytes(),
                                 headers={"Authorization": f"Bearer {key}"})
    urllib.request.urlopen(req).read()
    client = stripe.StripeClient(key, base_addresses={"api": base})
    for i in range(43):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        params = {"name": f"{first} {last}", "email": f"{first.lower()}.{i}@example.com",
                  "metadata": {"app_id": str(1000 + i)}}
        if i % 3 == 0:
            params.update(payment_method="pm_card_visa" if i % 2 else "pm_card_mastercard",
                          invoice_settings={"default_payment_method": "pm_card_visa"
                                            if i % 2 else "pm_card_mastercard"})
        if i % 5 == 0:
            params["balance"] = -500 * (i + 1)
        client.v1.customers.create(params)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1200,900",
                    f"--screenshot={out / 'dashboard-customers.png'}",
                    f"{base}/_emulator/dashboard/customers?account={key}"],
                   check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    proc, base = _start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for locale in ("en", "fr"):
                client = stripe.StripeClient(f"sk_test_docs_{locale}",
                                             base_addresses={"api": base})
                invoice = make_invoice(client, base, locale)
                pdf = Path(tmp) / f"invoice-{locale}.pdf"
                pdf.write_bytes(urllib.request.urlopen(invoice.invoice_pdf).read())
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf),
                                str(out / f"invoice-pdf-{locale}")], check=True)
                if locale == "en":
                    subprocess.run([args.chromium, "--headless", "--no-sandbox",
                                    "--disable-gpu", "--hide-scrollbars",
                                    "--window-size=900,860",
                                    f"--screenshot={out / 'hosted-invoice.png'}",
                                    invoice.hosted_invoice_url], check=True,
                                   capture_output=True)
            shoot_dashboard(args.chromium, base, out)
    finally:
        proc.terminate()
        proc.wait(10)
    print(json.dumps(sorted(os.listdir(out))))
    return 0


if __name__ == "__main__":
    time.sleep(0)
    sys.exit(main())
