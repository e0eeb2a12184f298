import { updateSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function settingsHandlers({ db }: Workspace): Namespace<'settings'> {
  return {
    async 'settings.update'(req, ctx) {
      return updateSettings(db, req.actor === undefined ? req : { ...req, actor: req.actor.trim() }, waitNotice(ctx, 'settings'), ctx.actor);
    },
  };
}
