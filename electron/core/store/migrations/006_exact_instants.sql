-- Instants keep every fractional digit given: beside each epoch-ms column (kept for indexes,
-- periods and ordering), the digits of the instant below the millisecond, trailing zeros dropped
-- ('' = a whole millisecond; shared/instant.ts). Text, so any number of digits is kept exactly.
ALTER TABLE usage_intervals ADD COLUMN start_sub TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_intervals ADD COLUMN end_sub TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_countables ADD COLUMN start_sub TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_countables ADD COLUMN end_sub TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_classic ADD COLUMN start_sub TEXT NOT NULL DEFAULT '';
ALTER TABLE focus_rows ADD COLUMN charge_period_start_sub TEXT NOT NULL DEFAULT '';
ALTER TABLE focus_rows ADD COLUMN charge_period_end_sub TEXT NOT NULL DEFAULT '';
