// Ordered migrations. Each is applied once, in a transaction, and its SHA-256 recorded:
// an already-applied migration whose text changed is refused at open.
import m001 from './001_init.sql';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [{ id: 1, name: '001_init.sql', sql: m001 }];
