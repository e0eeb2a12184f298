// import_batches: one row per imported file (name, SHA-256, format, rows).
import type { ImportFormat } from '../../../shared/types';
import type { Db } from './open';

export interface BatchInfo {
  id: number;
  fileName: string;
  sha256: string;
  format: ImportFormat;
  rowCount: number;
  sizeBytes: number;
  importedAt: number;
}

export function listBatches(db: Db): BatchInfo[] {
  return db
    .prepare(
      'SELECT id, file_name AS fileName, sha256, format, row_count AS rowCount, size_bytes AS sizeBytes, imported_at AS importedAt FROM import_batches ORDER BY id',
    )
    .all() as BatchInfo[];
}

/** Records a file being imported (its rows are counted at the end: setBatchRowCount). */
export function insertBatch(db: Db, b: Pick<BatchInfo, 'fileName' | 'sha256' | 'format' | 'sizeBytes' | 'importedAt'>): number {
  return Number(
    db
      .prepare('INSERT INTO import_batches (file_name, sha256, format, row_count, size_bytes, imported_at) VALUES (?, ?, ?, 0, ?, ?)')
      .run(b.fileName, b.sha256, b.format, b.sizeBytes, b.importedAt).lastInsertRowid,
  );
}

export function setBatchRowCount(db: Db, id: number, rows: number): void {
  db.prepare('UPDATE import_batches SET row_count = ? WHERE id = ?').run(rows, id);
}

/** The batch that imported a file with this SHA-256, if any. */
export function batchBySha(db: Db, sha256: string): Pick<BatchInfo, 'id' | 'fileName' | 'importedAt'> | undefined {
  return db.prepare('SELECT id, file_name AS fileName, imported_at AS importedAt FROM import_batches WHERE sha256 = ?').get(sha256) as
    Pick<BatchInfo, 'id' | 'fileName' | 'importedAt'> | undefined;
}

/** Highest batch id: a rating older than it may be stale. */
export function inputsVersion(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS v FROM import_batches').get() as { v: number }).v;
}

export function batchFileName(db: Db, id: number): string | undefined {
  return (db.prepare('SELECT file_name AS f FROM import_batches WHERE id = ?').get(id) as { f: string } | undefined)?.f;
}

/** Files, up to batch `upToBatch`, an owner's figures come from: its usage, invoices and credits, and every catalog. */
export function sourceFilesOf(db: Db, ownerId: string, upToBatch: number): { name: string; sha256: string }[] {
  return db
    .prepare(
      `SELECT file_name AS name, sha256 FROM import_batches b WHERE b.id <= @upTo AND (b.format = 'catalog'
         OR EXISTS (SELECT 1 FROM usage_intervals u WHERE u.batch_id = b.id AND u.owner_id = @o)
         OR EXISTS (SELECT 1 FROM usage_countables u WHERE u.batch_id = b.id AND u.owner_id = @o)
         OR EXISTS (SELECT 1 FROM usage_classic u WHERE u.batch_id = b.id AND u.owner_id = @o)
         OR EXISTS (SELECT 1 FROM invoices i WHERE i.batch_id = b.id AND i.owner_id = @o)
         OR EXISTS (SELECT 1 FROM credits c WHERE c.batch_id = b.id AND c.owner_id = @o))
       ORDER BY b.id`,
    )
    .all({ o: ownerId, upTo: upToBatch }) as { name: string; sha256: string }[];
}

/** The batches that imported files of these SHA-256, in batch order (a file is imported once: one batch per hash). */
export function batchesBySha(db: Db, sha256s: readonly string[]): BatchInfo[] {
  return db
    .prepare(
      `SELECT id, file_name AS fileName, sha256, format, row_count AS rowCount, size_bytes AS sizeBytes, imported_at AS importedAt
       FROM import_batches WHERE sha256 IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(sha256s)) as BatchInfo[];
}
