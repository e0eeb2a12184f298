-- Per import batch, owner and kind of usage row, the time span of its usage rows (origin
-- 'usage'). Which periods an owner's usage covers, and which owners have data in a period, are
-- then read from a few rows instead of a scan of every interval (a million a month at scale).
-- A countable or task row at instant t spans [t, t + 1).
CREATE TABLE usage_spans (
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  owner_id TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('interval', 'countable', 'classic')),
  start_ms INTEGER NOT NULL,
  end_ms   INTEGER NOT NULL,
  PRIMARY KEY (batch_id, owner_id, kind)
);

INSERT INTO usage_spans (batch_id, owner_id, kind, start_ms, end_ms)
  SELECT batch_id, owner_id, 'interval', min(start_ms), max(end_ms) FROM usage_intervals WHERE origin = 'usage' GROUP BY batch_id, owner_id
  UNION ALL
  SELECT batch_id, owner_id, 'countable', min(start_ms), max(start_ms) + 1 FROM usage_countables WHERE origin = 'usage' GROUP BY batch_id, owner_id
  UNION ALL
  SELECT batch_id, owner_id, 'classic', min(start_ms), max(start_ms) + 1 FROM usage_classic WHERE origin = 'usage' GROUP BY batch_id, owner_id;
