import { updateSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';

export function settingsHandlers({ db }: Workspace): Namespace<'settings'> {
  return {
    async 'settings.update'(req) {
      return updateSettings(db, req);
    },
  };
}
