-- Owner names (docs/decisions.md, "Owner names"): the name a person gave an owner (an organisation,
-- a billing account), which replaces the one its files give (a Clever Cloud invoice's
-- address.company, a FOCUS file's BillingAccountName). One row per renamed owner; clearing the
-- name deletes it. The audit log keeps every rename.
CREATE TABLE owner_names (
  owner_id   TEXT PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  renamed_by TEXT NOT NULL,
  renamed_at INTEGER NOT NULL
);
