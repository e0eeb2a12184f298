import { periodSummaries } from '../jobs/periods';
import { listBatches } from '../store/batches';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';

export function workspaceHandlers({ db, dbPath }: Workspace): Namespace<'workspace'> {
  return {
    async 'workspace.overview'() {
      const settings = getSettings(db);
      return { dbPath, settings, periods: periodSummaries(db, settings), batches: listBatches(db) };
    },
  };
}
