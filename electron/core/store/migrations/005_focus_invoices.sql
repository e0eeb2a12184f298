-- FOCUS files as invoices (docs/focus.md): the columns of FOCUS 1.1–1.3 read when present, the
-- unit prices and quantity each row is re-checked from, and every other column of the row kept as
-- attributes. Rows imported before carry nulls there: their checks do not apply.
ALTER TABLE focus_rows ADD COLUMN invoice_id TEXT;
ALTER TABLE focus_rows ADD COLUMN invoice_issuer_name TEXT;
ALTER TABLE focus_rows ADD COLUMN billing_account_type TEXT;
ALTER TABLE focus_rows ADD COLUMN resource_name TEXT;
ALTER TABLE focus_rows ADD COLUMN sku_id TEXT;
ALTER TABLE focus_rows ADD COLUMN sku_price_id TEXT;
ALTER TABLE focus_rows ADD COLUMN pricing_quantity TEXT;
ALTER TABLE focus_rows ADD COLUMN pricing_unit TEXT;
ALTER TABLE focus_rows ADD COLUMN list_unit_price TEXT;
ALTER TABLE focus_rows ADD COLUMN contracted_unit_price TEXT;
ALTER TABLE focus_rows ADD COLUMN contracted_cost TEXT;
ALTER TABLE focus_rows ADD COLUMN pricing_currency TEXT;
ALTER TABLE focus_rows ADD COLUMN attrs_json TEXT;

-- A FOCUS owner is a billing account in one currency: its periods are read per owner, and a
-- line's rows (service, resource, charge category) per line.
DROP INDEX focus_rows_group;
CREATE INDEX focus_rows_owner ON focus_rows(billing_account_id, billing_currency, billing_period_start);
CREATE INDEX focus_rows_line ON focus_rows(billing_account_id, billing_currency, service_name, resource_id, charge_category, billing_period_start);
CREATE INDEX focus_rows_batch ON focus_rows(batch_id, billing_account_id, billing_currency);

-- What the provider's invoices say they total, to reconcile FOCUS rows against: imported from an
-- invoice-totals CSV (batch_id, source_row) or typed in (entered_by). invoice_id '' = the whole
-- billing account and period. The latest entry of an (owner, period, invoice_id) counts.
CREATE TABLE invoice_totals (
  id                 INTEGER PRIMARY KEY,
  batch_id           INTEGER REFERENCES import_batches(id),
  source_row         TEXT NOT NULL,
  owner_id           TEXT NOT NULL,
  period             TEXT NOT NULL,
  billing_account_id TEXT NOT NULL,
  currency           TEXT NOT NULL,
  invoice_id         TEXT NOT NULL,
  amount             TEXT NOT NULL,
  entered_by         TEXT,
  entered_at         INTEGER NOT NULL
);
CREATE INDEX invoice_totals_owner ON invoice_totals(owner_id, period);

-- The rows of a reconciled line that break their own unit prices (FOCUS), as JSON; null: none.
ALTER TABLE reconciled_lines ADD COLUMN flags_json TEXT;
