// Who a change is by. Every write is recorded with a named actor: the one the adapter names for
// this call (the CLI's --actor or SLICEWISE_ACTOR) or else the workspace's (named at the app's first
// run, in Settings, or with `slicewise settings --actor`). Never the system's user name: with
// nobody named, the write is refused, saying how to name oneself (docs/audit.md, "Who").
import type { CallContext, Settings } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { getSettings, NO_ACTOR } from '../store/settings';

export { NO_ACTOR };
import type { Db } from '../store/open';

/** The actor of a write through `ctx`, or refused when nobody is named. */
export function actorOf(db: Db, ctx: CallContext): string {
  const actor = ctx.actor?.trim() || getSettings(db).actor.trim();
  if (!actor) throw new ApiError('invalid_request', NO_ACTOR);
  return actor;
}

/** The workspace's settings with the actor of this write (refused when nobody is named). */
export function writerSettings(db: Db, ctx: CallContext): Settings {
  return { ...getSettings(db), actor: actorOf(db, ctx) };
}
