"""The languages documents are written in, and how they write numbers, money and dates.

The customer's first `preferred_locales` entry that is supported wins, else English. Words
come from the tables below; numbers, currencies and dates from Babel (CLDR data), so
`fr-CA` writes `1 500,00 $` and `ja` writes `￥1,500`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from ..billing.currencies import decimals

SUPPORTED = ("en", "fr", "fr-CA", "de", "es", "it", "nl", "ja", "pt-BR")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "Invoice", "credit_note": "Credit note", "receipt": "Receipt",
        "number": "Invoice number", "credit_note_number": "Credit note number",
        "date_issued": "Date of issue", "date_due": "Date due", "date_paid": "Date paid",
        "bill_to": "Bill to", "ship_to": "Ship to", "description": "Description",
        "quantity": "Qty", "unit_price": "Unit price", "tax": "Tax", "amount": "Amount",
        "subtotal": "Subtotal", "discount": "Discount", "total": "Total",
        "total_excluding_tax": "Total excluding tax",
        "credit_applied": "Applied balance", "amount_paid": "Amount paid",
        "amount_due": "Amount due", "amount_remaining": "Amount remaining",
        "pre_payment_credit": "Credit notes", "tax_exempt": "Tax exempt",
        "reverse_charge": "Tax to be paid on reverse charge basis",
        "status_draft": "Draft", "status_open": "Open", "status_paid": "Paid",
        "status_void": "Void", "status_uncollectible": "Uncollectible",
        "status_issued": "Issued", "pay": "Pay", "card": "Card number or test card",
        "paid_message": "This invoice has been paid.", "pay_title": "Pay this invoice",
        "download": "Download PDF", "questions": "Questions? Contact",
        "invoice_for": "Invoice", "reason": "Reason", "memo": "Memo",
        "refunded": "Refunded", "credited": "Credited to balance",
        "out_of_band": "Credited outside Stripe", "payment_method": "Payment method",
        "receipt_number": "Receipt number", "not_found": "Not found",
        "not_found_text": "There is no such page.", "page_of": "Page {page} of {pages}",
    },
    "fr": {
        "invoice": "Facture", "credit_note": "Avoir", "receipt": "Reçu",
        "number": "Numéro de facture", "credit_note_number": "Numéro d'avoir",
        "date_issued": "Date d'émission", "date_due": "Date d'échéance",
        "date_paid": "Date de paiement", "bill_to": "Facturer à", "ship_to": "Livrer à",
        "description": "Description", "quantity": "Qté", "unit_price": "Prix unitaire",
        "tax": "Taxe", "amount": "Montant", "subtotal": "Sous-total", "discount": "Remise",
        "total": "Total", "total_excluding_tax": "Total hors taxes",
        "credit_applied": "Solde appliqué", "amount_paid": "Montant payé",
        "amount_due": "Montant dû", "amount_remaining": "Montant restant",
        "pre_payment_credit": "Avoirs", "tax_exempt": "Exonéré de taxe",
        "reverse_charge": "Autoliquidation de la TVA",
        "status_draft": "Brouillon", "status_open": "Ouverte", "status_paid": "Payée",
        "status_void": "Annulée", "status_uncollectible": "Irrécouvrable",
        "status_issued": "Émis", "pay": "Payer", "card": "Numéro de carte ou carte de test",
        "paid_message": "Cette facture a été payée.", "pay_title": "Payer cette facture",
        "download": "Télécharger le PDF", "questions": "Des questions ? Contactez",
        "invoice_for": "Facture", "reason": "Motif", "memo": "Note",
        "refunded": "Remboursé", "credited": "Crédité sur le solde",
        "out_of_band": "Crédité hors Stripe", "payment_method": "Moyen de paiement",
        "receipt_number": "Numéro de reçu", "not_found": "Introuvable",
        "not_found_text": "Cette page n'existe pas.", "page_of": "Page {page} sur {pages}",
    },
    "de": {
        "invoice": "Rechnung", "credit_note": "Gutschrift", "receipt": "Beleg",
        "number": "Rechnungsnummer", "credit_note_number": "Gutschriftsnummer",
        "date_issued": "Rechnungsdatum", "date_due": "Fälligkeitsdatum",
        "date_paid": "Zahlungsdatum", "bill_to": "Rechnung an", "ship_to": "Lieferung an",
        "description": "Beschreibung", "quantity": "Menge", "unit_price": "Stückpreis",
        "tax": "Steuer", "amount": "Betrag", "subtotal": "Zwischensumme", "discount": "Rabatt",
        "total": "Gesamt", "total_excluding_tax": "Gesamt ohne Steuer",
        "credit_applied": "Angewandtes Guthaben", "amount_paid": "Bezahlter Betrag",
        "amount_due": "Fälliger Betrag", "amount_remaining": "Offener Betrag",
        "pre_payment_credit": "Gutschriften", "tax_exempt": "Steuerbefreit",
        "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers",
        "status_draft": "Entwurf", "status_open": "Offen", "status_paid": "Bezahlt",
        "status_void": "Storniert", "status_uncollectible": "Uneinbringlich",
        "status_issued": "Ausgestellt", "pay": "Bezahlen",
        "card": "Kartennummer oder Testkarte", "paid_message": "Diese Rechnung wurde bezahlt.",
        "pay_title": "Diese Rechnung bezahlen", "download": "PDF herunterladen",
        "questions": "Fragen? Kontakt", "invoice_for": "Rechnung", "reason": "Grund",
        "memo": "Notiz", "refunded": "Erstattet", "credited": "Dem Guthaben gutgeschrieben",
        "out_of_band": "Außerhalb von Stripe gutgeschrieben",
        "payment_method": "Zahlungsmethode", "receipt_number": "Belegnummer",
        "not_found": "Nicht gefunden", "not_found_text": "Diese Seite gibt es nicht.",
        "page_of": "Seite {page} von {pages}",
    },
    "es": {
        "invoice": "Factura", "credit_note": "Nota de crédito", "receipt": "Recibo",
        "number": "Número de factura", "credit_note_number": "Número de nota de crédito",
        "date_issued": "Fecha de emisión", "date_due": "Fecha de vencimiento",
        "date_paid": "Fecha de pago", "bill_to": "Facturar a", "ship_to": "Enviar a",
        "description": "Descripción", "quantity": "Cant.", "unit_price": "Precio unitario",
        "tax": "Impuesto", "amount": "Importe", "subtotal": "Subtotal", "discount": "Descuento",
        "total": "Total", "total_excluding_tax": "Total sin impuestos",
        "credit_applied": "Saldo aplicado", "amount_paid": "Importe pagado",
        "amount_due": "Importe adeudado", "amount_remaining": "Importe pendiente",
        "pre_payment_credit": "Notas de crédito", "tax_exempt": "Exento de impuestos",
        "reverse_charge": "Inversión del sujeto pasivo",
        "status_draft": "Borrador", "status_open": "Abierta", "status_paid": "Pagada",
        "status_void": "Anulada", "status_uncollectible": "Incobrable",
        "status_issued": "Emitida", "pay": "Pagar",
        "card": "Número de tarjeta o tarjeta de prueba",
        "paid_message": "Esta factura ha sido pagada.", "pay_title": "Pagar esta factura",
        "download": "Descargar PDF", "questions": "¿Preguntas? Contacte con",
        "invoice_for": "Factura", "reason": "Motivo", "memo": "Nota",
        "refunded": "Reembolsado", "credited": "Abonado al saldo",
        "out_of_band": "Abonado fuera de Stripe", "payment_method": "Método de pago",
        "receipt_number": "Número de recibo", "not_found": "No encontrado",
        "not_found_text": "Esta página no existe.", "page_of": "Página {page} de {pages}",
    },
    "it": {
        "invoice": "Fattura", "credit_note": "Nota di credito", "receipt": "Ricevuta",
        "number": "Numero fattura", "credit_note_number": "Numero nota di credito",
        "date_issued": "Data di emissione", "date_due": "Data di scadenza",
        "date_paid": "Data di pagamento", "bill_to": "Fatturare a", "ship_to": "Spedire a",
        "description": "Descrizione", "quantity": "Qtà", "unit_price": "Prezzo unitario",
        "tax": "Imposta", "amount": "Importo", "subtotal": "Subtotale", "discount": "Sconto",
        "total": "Totale", "total_excluding_tax": "Totale imposte escluse",
        "credit_applied": "Saldo applicato", "amount_paid": "Importo pagato",
        "amount_due": "Importo dovuto", "amount_remaining": "Importo residuo",
        "pre_payment_credit": "Note di credito", "tax_exempt": "Esente da imposta",
        "reverse_charge": "Inversione contabile",
        "status_draft": "Bozza", "status_open": "Aperta", "status_paid": "Pagata",
        "status_void": "Annullata", "status_uncollectible": "Inesigibile",
        "status_issued": "Emessa", "pay": "Paga", "card": "Numero di carta o carta di prova",
        "paid_message": "Questa fattura è stata pagata.", "pay_title": "Paga questa fattura",
        "download": "Scarica il PDF", "questions": "Domande? Contatta",
        "invoice_for": "Fattura", "reason": "Motivo", "memo": "Nota",
        "refunded": "Rimborsato", "credited": "Accreditato sul saldo",
        "out_of_band": "Accreditato fuori da Stripe", "payment_method": "Metodo di pagamento",
        "receipt_number": "Numero di ricevuta", "not_found": "Non trovato",
        "not_found_text": "Questa pagina non esiste.", "page_of": "Pagina {page} di {pages}",
    },
    "nl": {
        "invoice": "Factuur", "credit_note": "Creditnota", "receipt": "Ontvangstbewijs",
        "number": "Factuurnummer", "credit_note_number": "Creditnotanummer",
        "date_issued": "Factuurdatum", "date_due": "Vervaldatum", "date_paid": "Betaaldatum",
        "bill_to": "Factuur aan", "ship_to": "Verzenden naar", "description": "Omschrijving",
        "quantity": "Aantal", "unit_price": "Prijs per stuk", "tax": "Btw",
        "amount": "Bedrag", "subtotal": "Subtotaal", "discount": "Korting", "total": "Totaal",
        "total_excluding_tax": "Totaal exclusief btw", "credit_applied": "Toegepast saldo",
        "amount_paid": "Betaald bedrag", "amount_due": "Verschuldigd bedrag",
        "amount_remaining": "Resterend bedrag", "pre_payment_credit": "Creditnota's",
        "tax_exempt": "Vrijgesteld van btw", "reverse_charge": "Btw verlegd",
        "status_draft": "Concept", "status_open": "Open", "status_paid": "Betaald",
        "status_void": "Ongeldig", "status_uncollectible": "Oninbaar",
        "status_issued": "Uitgegeven", "pay": "Betalen", "card": "Kaartnummer of testkaart",
        "paid_message": "Deze factuur is betaald.", "pay_title": "Deze factuur betalen",
        "download": "PDF downloaden", "questions": "Vragen? Neem contact op met",
        "invoice_for": "Factuur", "reason": "Reden", "memo": "Notitie",
        "refunded": "Terugbetaald", "credited": "Op het saldo bijgeschreven",
        "out_of_band": "Buiten Stripe bijgeschreven", "payment_method": "Betaalmethode",
        "receipt_number": "Bonnummer", "not_found": "Niet gevonden",
        "not_found_text": "Deze pagina bestaat niet.", "page_of": "Pagina {page} van {pages}",
    },
    "ja": {
        "invoice": "請求書", "credit_note": "クレジットノート", "receipt": "領収書",
        "number": "請求書番号", "credit_note_number": "クレジットノート番号",
        "date_issued": "発行日", "date_due": "支払期日", "date_paid": "支払日",
        "bill_to": "請求先", "ship_to": "配送先", "description": "説明", "quantity": "数量",
        "unit_price": "単価", "tax": "税", "amount": "金額", "subtotal": "小計",
        "discount": "割引", "total": "合計", "total_excluding_tax": "税抜合計",
        "credit_applied": "適用された残高", "amount_paid": "支払済み金額",
        "amount_due": "支払金額", "amount_remaining": "残額",
        "pre_payment_credit": "クレジットノート", "tax_exempt": "非課税",
        "reverse_charge": "リバースチャージ方式", "status_draft": "下書き",
        "status_open": "未払い", "status_paid": "支払済み", "status_void": "無効",
        "status_uncollectible": "回収不能", "status_issued": "発行済み", "pay": "支払う",
        "card": "カード番号またはテストカード", "paid_message": "この請求書は支払済みです。",
        "pay_title": "この請求書を支払う", "download": "PDFをダウンロード",
        "questions": "お問い合わせ先", "invoice_for": "請求書", "reason": "理由",
        "memo": "メモ", "refunded": "返金済み", "credited": "残高に入金",
        "out_of_band": "Stripe外で入金", "payment_method": "支払い方法",
        "receipt_number": "領収書番号", "not_found": "見つかりません",
        "not_found_text": "このページは存在しません。", "page_of": "{page} / {pages} ページ",
    },
    "pt": {
        "invoice": "Fatura", "credit_note": "Nota de crédito", "receipt": "Recibo",
        "number": "Número da fatura", "credit_note_number": "Número da nota de crédito",
        "date_issued": "Data de emissão", "date_due": "Data de vencimento",
        "date_paid": "Data de pagamento", "bill_to": "Cobrar de", "ship_to": "Enviar para",
        "description": "Descrição", "quantity": "Qtd.", "unit_price": "Preço unitário",
        "tax": "Imposto", "amount": "Valor", "subtotal": "Subtotal", "discount": "Desconto",
        "total": "Total", "total_excluding_tax": "Total sem impostos",
        "credit_applied": "Saldo aplicado", "amount_paid": "Valor pago",
        "amount_due": "Valor devido", "amount_remaining": "Valor restante",
        "pre_payment_credit": "Notas de crédito", "tax_exempt": "Isento de impostos",
        "reverse_charge": "Inversão do sujeito passivo",
        "status_draft": "Rascunho", "status_open": "Em aberto", "status_paid": "Paga",
        "status_void": "Anulada", "status_uncollectible": "Incobrável",
        "status_issued": "Emitida", "pay": "Pagar", "card": "Número do cartão ou cartão de teste",
        "paid_message": "Esta fatura foi paga.", "pay_title": "Pagar esta fatura",
        "download": "Baixar PDF", "questions": "Dúvidas? Fale com",
        "invoice_for": "Fatura", "reason": "Motivo", "memo": "Observação",
        "refunded": "Reembolsado", "credited": "Creditado no saldo",
        "out_of_band": "Creditado fora da Stripe", "payment_method": "Forma de pagamento",
        "receipt_number": "Número do recibo", "not_found": "Não encontrado",
        "not_found_text": "Esta página não existe.", "page_of": "Página {page} de {pages}",
    },
}


@dataclass(frozen=True)
class Lang:
    """A document's language: its words and its CLDR formats."""

    tag: str  # "fr-CA"
    babel: Locale

    def __getitem__(self, word: str) -> str:
        return _WORDS[self.babel.language if self.babel.language in _WORDS else "en"].get(
            word, _WORDS["en"][word])

    def money(self, amount: int | Decimal, currency: str) -> str:
        value = Decimal(amount).scaleb(-decimals(currency))
        return format_currency(value, currency.upper(), locale=self.babel)

    def date(self, ts: int | None) -> str:
        if ts is None:
            return ""
        t = time.gmtime(ts)
        return format_date(date(t.tm_year, t.tm_mon, t.tm_mday), format="long",
                           locale=self.babel)

    def number(self, value: Decimal | int | str) -> str:
        return format_decimal(Decimal(str(value)), locale=self.babel)

    def percent(self, value: float | Decimal) -> str:
        return format_percent(Decimal(str(value)) / 100, format="#,##0.###%",
                              locale=self.babel)


_CACHE: dict[str, Lang] = {}


def lang(tag: str) -> Lang:
    found = _CACHE.get(tag)
    if found is None:
        found = _CACHE[tag] = Lang(tag, Locale.parse(tag, sep="-"))
    return found


def choose(preferred: list[str] | None) -> Lang:
    """The customer's first supported locale (`fr-FR` is served as `fr`), else English."""
    for tag in preferred or ():
        if tag in SUPPORTED:
            return lang(tag)
        base = tag.split("-")[0]
        if base in SUPPORTED:
            return lang(base)
        if base == "pt":
            return lang("pt-BR")
    return lang("en")
