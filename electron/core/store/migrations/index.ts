// Ordered migrations. Each is applied once, in a transaction, and its SHA-256 recorded:
// an already-applied migration whose text changed is refused at open.
import m001 from './001_init.sql';
import m002 from './002_usage_spans.sql';
import m003 from './003_countable_spans.sql';
import m004 from './004_invoice_provider.sql';
import m005 from './005_focus_invoices.sql';
import m006 from './006_exact_instants.sql';
import m007 from './007_review_integrity.sql';
import m008 from './008_period_locks.sql';
import m009 from './009_owners.sql';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: '001_init.sql', sql: m001 },
  { id: 2, name: '002_usage_spans.sql', sql: m002 },
  { id: 3, name: '003_countable_spans.sql', sql: m003 },
  { id: 4, name: '004_invoice_provider.sql', sql: m004 },
  { id: 5, name: '005_focus_invoices.sql', sql: m005 },
  { id: 6, name: '006_exact_instants.sql', sql: m006 },
  { id: 7, name: '007_review_integrity.sql', sql: m007 },
  { id: 8, name: '008_period_locks.sql', sql: m008 },
  { id: 9, name: '009_owners.sql', sql: m009 },
];
