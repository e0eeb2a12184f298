-- Workspace schema. Money and prices are TEXT (exact decimals); instants are INTEGER epoch ms.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE import_batches (
  id          INTEGER PRIMARY KEY,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  format      TEXT NOT NULL,   -- cc-invoice | usage-csv | catalog | credits | focus
  row_count   INTEGER NOT NULL,
  size_bytes  INTEGER NOT NULL,
  imported_at INTEGER NOT NULL
);

CREATE TABLE catalogs (
  id         INTEGER PRIMARY KEY,
  batch_id   INTEGER NOT NULL REFERENCES import_batches(id),
  source_row TEXT NOT NULL,
  zone_id    TEXT NOT NULL,
  currency   TEXT NOT NULL,
  start_date INTEGER,
  end_date   INTEGER
);

CREATE TABLE catalog_runtime (
  catalog_id        INTEGER NOT NULL REFERENCES catalogs(id),
  source_row        TEXT NOT NULL,
  runtime_policy_id TEXT NOT NULL,
  source            TEXT NOT NULL,
  flavor            TEXT NOT NULL,
  price_per_hour    TEXT NOT NULL,
  slug_id           TEXT
);
CREATE INDEX catalog_runtime_catalog ON catalog_runtime(catalog_id);

CREATE TABLE catalog_countable (
  catalog_id         INTEGER NOT NULL REFERENCES catalogs(id),
  source_row         TEXT NOT NULL,
  service            TEXT NOT NULL,
  data_unit          TEXT NOT NULL,
  secability         TEXT NOT NULL,
  quantity_for_price TEXT NOT NULL,
  interval           TEXT,
  plans_json         TEXT NOT NULL   -- [{planId, maxQuantity|null, price}]
);

-- Uptime and build intervals, from usage CSVs (origin 'usage') or invoice details (origin 'invoice').
CREATE TABLE usage_intervals (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batches(id),
  source_row  TEXT NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('usage', 'invoice')),
  invoice_id  INTEGER REFERENCES invoices(id),
  owner_id    TEXT NOT NULL,
  item_type   TEXT NOT NULL CHECK (item_type IN ('uptime', 'build')),
  item_id     TEXT NOT NULL,
  item_name   TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  price_id    TEXT NOT NULL,
  flavor_name TEXT NOT NULL,
  source_hint TEXT NOT NULL,
  zone_id     TEXT NOT NULL,
  start_ms    INTEGER NOT NULL,
  end_ms      INTEGER NOT NULL,
  billed_price TEXT,             -- invoice details only: what the provider billed for it
  attrs_json  TEXT               -- unknown CSV columns, kept
);
CREATE INDEX usage_intervals_owner_time ON usage_intervals(owner_id, start_ms);
CREATE INDEX usage_intervals_batch ON usage_intervals(batch_id);
CREATE INDEX usage_intervals_item ON usage_intervals(owner_id, item_id, start_ms);

CREATE TABLE usage_countables (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batches(id),
  source_row  TEXT NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('usage', 'invoice')),
  invoice_id  INTEGER REFERENCES invoices(id),
  owner_id    TEXT NOT NULL,
  service     TEXT NOT NULL,
  item_id     TEXT NOT NULL,
  item_name   TEXT NOT NULL,
  plan_id     TEXT NOT NULL,
  quantity    TEXT NOT NULL,
  unit        TEXT NOT NULL,
  zone_id     TEXT NOT NULL,
  start_ms    INTEGER NOT NULL,
  attrs_json  TEXT
);
CREATE INDEX usage_countables_owner_time ON usage_countables(owner_id, start_ms);

CREATE TABLE usage_classic (
  id           INTEGER PRIMARY KEY,
  batch_id     INTEGER NOT NULL REFERENCES import_batches(id),
  source_row   TEXT NOT NULL,
  origin       TEXT NOT NULL CHECK (origin IN ('usage', 'invoice')),
  invoice_id   INTEGER REFERENCES invoices(id),
  owner_id     TEXT NOT NULL,
  item_id      TEXT NOT NULL,
  description  TEXT NOT NULL,
  unit_price   TEXT NOT NULL,
  quantity     TEXT NOT NULL,
  price_factor TEXT NOT NULL,
  discount     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  start_ms     INTEGER NOT NULL,
  attrs_json   TEXT
);
CREATE INDEX usage_classic_owner_time ON usage_classic(owner_id, start_ms);

CREATE TABLE credits (
  credit_id   TEXT PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batches(id),
  source_row  TEXT NOT NULL,
  owner_id    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('prepaid', 'free')),
  amount      TEXT NOT NULL,
  currency    TEXT NOT NULL,
  granted_at  INTEGER NOT NULL,
  valid_from  INTEGER NOT NULL,
  expires_at  INTEGER,
  scope       TEXT NOT NULL,     -- 'all' or kinds joined by '|'
  description TEXT NOT NULL
);

-- Provider invoices (Clever Cloud v4) and their billed lines.
CREATE TABLE invoices (
  id                 INTEGER PRIMARY KEY,
  batch_id           INTEGER NOT NULL REFERENCES import_batches(id),
  source_row         TEXT NOT NULL,
  invoice_number     TEXT NOT NULL,
  owner_id           TEXT NOT NULL,
  status             TEXT NOT NULL,
  emission_date      INTEGER,
  period_start       INTEGER NOT NULL,
  period_end         INTEGER NOT NULL,
  currency           TEXT NOT NULL,
  vat_percent        TEXT NOT NULL,
  total_tax_excluded TEXT NOT NULL,
  total_tax          TEXT NOT NULL
);
CREATE INDEX invoices_owner ON invoices(owner_id, period_start);

CREATE TABLE billed_lines (
  id          INTEGER PRIMARY KEY,
  invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
  batch_id    INTEGER NOT NULL REFERENCES import_batches(id),
  source_row  TEXT NOT NULL,       -- JSON path, e.g. uptimes[2] or uptimes[2].details[0]
  item_type   TEXT NOT NULL CHECK (item_type IN ('uptime', 'build', 'countable', 'classic')),
  owner_id    TEXT NOT NULL,
  item_id     TEXT NOT NULL,
  item_name   TEXT NOT NULL,
  -- Raw price reference as billed: runtime_policy_id (uptime/build), plan_id (countable),
  -- classic_billing_item_id (classic). Resolved to a price item at reconciliation.
  price_ref   TEXT NOT NULL,
  flavor_name TEXT NOT NULL DEFAULT '',
  source_hint TEXT NOT NULL DEFAULT '',
  amount      TEXT NOT NULL
);
CREATE INDEX billed_lines_invoice ON billed_lines(invoice_id);

-- FOCUS rows: already rated by the provider; grouped, never re-rated.
CREATE TABLE focus_rows (
  id                   INTEGER PRIMARY KEY,
  batch_id             INTEGER NOT NULL REFERENCES import_batches(id),
  source_row           TEXT NOT NULL,
  billing_account_id   TEXT NOT NULL,
  billing_account_name TEXT,
  provider_name        TEXT,
  billing_period_start INTEGER NOT NULL,
  billing_period_end   INTEGER,
  billing_currency     TEXT NOT NULL,
  service_name         TEXT NOT NULL,
  resource_id          TEXT NOT NULL,
  charge_category      TEXT NOT NULL,
  charge_class         TEXT,
  charge_description   TEXT,
  billed_cost          TEXT NOT NULL,
  effective_cost       TEXT,
  list_cost            TEXT,
  consumed_quantity    TEXT,
  consumed_unit        TEXT,
  charge_period_start  INTEGER,
  charge_period_end    INTEGER,
  tags_json            TEXT
);
CREATE INDEX focus_rows_group ON focus_rows(billing_account_id, billing_period_start, service_name, resource_id);

-- Rating results: one run per (owner, period); lines replaced on re-rating.
CREATE TABLE rating_runs (
  id                  INTEGER PRIMARY KEY,
  owner_id            TEXT NOT NULL,
  period              TEXT NOT NULL,
  time_zone           TEXT NOT NULL,
  granularity_seconds INTEGER NOT NULL,
  currency            TEXT NOT NULL,
  rated_at            INTEGER NOT NULL,
  invoice_json        TEXT NOT NULL,   -- RatedInvoice totals, allocations, balances (lines excluded)
  UNIQUE (owner_id, period)
);

CREATE TABLE rated_lines (
  run_id        INTEGER NOT NULL REFERENCES rating_runs(id) ON DELETE CASCADE,
  line_key      TEXT NOT NULL,
  line_no       INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  item_name     TEXT NOT NULL,
  price_item    TEXT NOT NULL,
  instances     INTEGER NOT NULL,
  billable_seconds INTEGER NOT NULL,
  unit_price    TEXT,
  amount_per_second TEXT NOT NULL,
  amount_legacy TEXT NOT NULL,
  difference    TEXT NOT NULL,
  credit        TEXT NOT NULL,
  net           TEXT NOT NULL,
  line_json     TEXT NOT NULL,         -- full RatedLine without details
  PRIMARY KEY (run_id, line_key)
);

CREATE TABLE reconciliations (
  id            INTEGER PRIMARY KEY,
  owner_id      TEXT NOT NULL,
  period        TEXT NOT NULL,
  tolerance     TEXT NOT NULL,
  reconciled_at INTEGER NOT NULL,
  summary_json  TEXT NOT NULL,
  UNIQUE (owner_id, period)
);

-- One row per invoice line as shown and exported: rated lines plus unexplained billed charges.
CREATE TABLE reconciled_lines (
  reconciliation_id INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
  line_key      TEXT NOT NULL,
  line_no       INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  item_name     TEXT NOT NULL,
  price_item    TEXT NOT NULL,
  instances     INTEGER NOT NULL,
  billable_seconds INTEGER NOT NULL,
  unit_price    TEXT,
  amount_per_second TEXT NOT NULL,  -- '0.00' for unexplained charges
  amount_legacy TEXT NOT NULL,
  difference    TEXT NOT NULL,
  credit        TEXT NOT NULL,
  net           TEXT NOT NULL,
  billed        TEXT,               -- null = nothing billed
  variance      TEXT NOT NULL,      -- billed − per-second amount
  status        TEXT NOT NULL,
  PRIMARY KEY (reconciliation_id, line_key)
);
CREATE INDEX reconciled_lines_no ON reconciled_lines(reconciliation_id, line_no);

-- What people typed: keyed by stable line identity (owner, period, line key), never by row id.
CREATE TABLE reviews (
  owner_id   TEXT NOT NULL,
  period     TEXT NOT NULL,
  line_key   TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('unreviewed', 'approved', 'disputed', 'resolved')),
  actor      TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (owner_id, period, line_key)
);

CREATE TABLE annotations (
  id         INTEGER PRIMARY KEY,
  owner_id   TEXT NOT NULL,
  period     TEXT NOT NULL,
  line_key   TEXT NOT NULL,
  author     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  text       TEXT NOT NULL
);
CREATE INDEX annotations_line ON annotations(owner_id, period, line_key);

-- Append-only, hash-chained audit log.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject);
