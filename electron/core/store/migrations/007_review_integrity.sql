-- Review integrity (SPEC 5, docs/audit.md "Reviews"): a review keeps the figures it was given on;
-- a later reconciliation that changes them marks the line changed since review; a dispute keeps
-- its reason and a resolution the provider's answer.
-- figures_json: {"recomputed", "net", "billed", "variance", "status", "runId", "reconciliationId"}
--   as the reviewer saw them (exact decimal text; billed null when nothing was billed).
-- changed_json: null, or {"at", "from", "to"} (figures) once a reconciliation changed them; cleared
--   by the next review of the line.
-- credit_note, credit_amount: a resolved dispute's credit note number and amount (exact decimal text).
ALTER TABLE reviews ADD COLUMN figures_json TEXT;
ALTER TABLE reviews ADD COLUMN changed_json TEXT;
ALTER TABLE reviews ADD COLUMN reason TEXT;
ALTER TABLE reviews ADD COLUMN credit_note TEXT;
ALTER TABLE reviews ADD COLUMN credit_amount TEXT;

-- Reviews made before this migration: taken as given on the figures stored now (the best the
-- workspace knows; docs/audit.md says so).
UPDATE reviews SET figures_json = (
  SELECT json_object('recomputed', rl.amount_per_second, 'net', rl.net, 'billed', rl.billed, 'variance', rl.variance, 'status', rl.status,
                     'runId', (SELECT rr.id FROM rating_runs rr WHERE rr.owner_id = reviews.owner_id AND rr.period = reviews.period),
                     'reconciliationId', r.id)
  FROM reconciliations r JOIN reconciled_lines rl ON rl.reconciliation_id = r.id
  WHERE r.owner_id = reviews.owner_id AND r.period = reviews.period AND rl.line_key = reviews.line_key
)
WHERE state <> 'unreviewed';
