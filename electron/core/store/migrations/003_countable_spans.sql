-- Countables priced per time interval (e.g. storage per GB per hour) need the interval's own
-- secability (catalog) and the span each usage quantity was measured over (its end; the start
-- is start_ms). NULL end: not given (an error only for a service priced per interval).
ALTER TABLE catalog_countable ADD COLUMN interval_secability TEXT;
ALTER TABLE usage_countables ADD COLUMN end_ms INTEGER;

UPDATE catalog_countable SET secability = lower(secability) WHERE lower(secability) IN ('secable', 'insecable');

-- Earlier imports kept a usage row's consumption_end as an attribute (checked ISO-8601 with an
-- offset); an invoice countable without a duration spans its invoice's consumption period.
UPDATE usage_countables SET end_ms = CAST(round(unixepoch(json_extract(attrs_json, '$.consumption_end'), 'subsec') * 1000) AS INTEGER)
  WHERE origin = 'usage' AND json_extract(attrs_json, '$.consumption_end') IS NOT NULL;
UPDATE usage_countables SET end_ms = (SELECT i.period_end FROM invoices i WHERE i.id = usage_countables.invoice_id)
  WHERE origin = 'invoice' AND (attrs_json IS NULL OR json_extract(attrs_json, '$.duration') IS NULL);
