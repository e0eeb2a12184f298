import { updateSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function settingsHandlers({ db }: Workspace): Namespace<'settings'> {
  return {
    async 'settings.update'(req, ctx) {
      return updateSettings(db, req, waitNotice(ctx, 'settings'));
    },
  };
}
