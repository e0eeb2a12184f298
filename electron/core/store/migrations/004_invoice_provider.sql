-- Clever Cloud invoices as Clever Cloud writes them. A billed line is matched on the application
-- or add-on it bills (uptimes[].app_id); the invoice item's own id (item_id) is kept as the
-- line's reference. The invoice's other keys (the provider's credit and tax figures, address,
-- vendor consumption, unusable instances, references…) are kept as one JSON object, never
-- dropped. Lines imported before keep an empty reference; invoices, no provider figures (NULL).
ALTER TABLE billed_lines ADD COLUMN item_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN provider_json TEXT;
