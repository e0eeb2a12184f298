import { focusGroups } from '../import';
import type { Namespace, Workspace } from './namespace';

export function focusHandlers({ db }: Workspace): Namespace<'focus'> {
  return {
    async 'focus.groups'(req) {
      const all = focusGroups(db, req.billingAccountId ? { billingAccountId: req.billingAccountId } : undefined);
      return { total: all.length, groups: all.slice(req.offset, req.offset + req.limit) };
    },
  };
}
