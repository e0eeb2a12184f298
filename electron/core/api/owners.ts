import { ApiError } from '../../../shared/contract/errors';
import { renameOwner } from '../jobs/owners';
import { workspaceOwners } from '../jobs/periods';
import { getSettings } from '../store/settings';
import type { Namespace, Workspace } from './namespace';
import { waitNotice } from './waiting';

export function ownersHandlers({ db }: Workspace): Namespace<'owners'> {
  return {
    async 'owners.rename'(req, ctx) {
      const settings = getSettings(db);
      const before = workspaceOwners(db, settings.timeZone);
      if (!before.has(req.ownerId)) throw new ApiError('not_found', `No owner ${req.ownerId} in this workspace`);
      await renameOwner(db, req.ownerId, req.name, settings.actor, before.get(req.ownerId) ?? null, waitNotice(ctx, `rename:${req.ownerId}`));
      return { ownerId: req.ownerId, owner: workspaceOwners(db, settings.timeZone).get(req.ownerId) ?? null };
    },
  };
}
