// The columns every stored input row keeps about its origin, read back as a SourceRef.
import type { SourceRef } from '../../../shared/types';

export interface SourceCols {
  batch_id: number;
  source_row: string;
  file_name: string;
}

export const sourceRef = (r: SourceCols): SourceRef => ({ batchId: r.batch_id, file: r.file_name, row: r.source_row });
