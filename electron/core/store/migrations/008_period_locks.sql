-- Month-end close (docs/audit.md, "Month-end close"): an (owner, period) signed off is locked until
-- reopened. One row per closed period; reopening deletes it (the audit log keeps the history).
-- The bounds are the period's instants in the time zone it was rated in, for the importer's check
-- of which closed periods a file's rows fall in.
CREATE TABLE period_locks (
  owner_id     TEXT NOT NULL,
  period       TEXT NOT NULL,
  closed_by    TEXT NOT NULL,
  closed_at    INTEGER NOT NULL,
  time_zone    TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  -- The audit entry that records the sign-off.
  audit_seq    INTEGER NOT NULL,
  PRIMARY KEY (owner_id, period)
);

-- The lock held by the database itself, whatever code writes: a closed period's rating, its
-- reconciliation, its review states, annotations and FOCUS invoice totals are not written. The
-- message carries the lock as JSON after a marker the core turns into the period_closed error.
CREATE TRIGGER period_locks_rating_insert BEFORE INSERT ON rating_runs
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period));
END;

CREATE TRIGGER period_locks_rating_delete BEFORE DELETE ON rating_runs
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period));
END;

CREATE TRIGGER period_locks_reconciliation_insert BEFORE INSERT ON reconciliations
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period));
END;

CREATE TRIGGER period_locks_reconciliation_delete BEFORE DELETE ON reconciliations
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period));
END;

CREATE TRIGGER period_locks_reconciliation_update BEFORE UPDATE ON reconciliations
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period));
END;

CREATE TRIGGER period_locks_review_insert BEFORE INSERT ON reviews
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period));
END;

CREATE TRIGGER period_locks_review_update BEFORE UPDATE ON reviews
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period));
END;

CREATE TRIGGER period_locks_review_delete BEFORE DELETE ON reviews
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = OLD.owner_id AND period = OLD.period));
END;

CREATE TRIGGER period_locks_annotation_insert BEFORE INSERT ON annotations
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period));
END;

CREATE TRIGGER period_locks_invoice_total_insert BEFORE INSERT ON invoice_totals
WHEN EXISTS (SELECT 1 FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period)
BEGIN
  SELECT RAISE(ABORT, (SELECT 'slicewise:period_closed:' || json_object('ownerId', owner_id, 'period', period, 'closedBy', closed_by, 'closedAt', closed_at)
                       FROM period_locks WHERE owner_id = NEW.owner_id AND period = NEW.period));
END;
