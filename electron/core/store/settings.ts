// Workspace settings, stored in the workspace itself so every adapter sees the same ones; the
// settings table also keeps other named values (saved CSV mappings).
import { settingsSchema, type Settings } from '../../../shared/contract/api';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../../../shared/time';
import { ApiError } from '../../../shared/contract/errors';
import { appendAudit } from './audit';
import type { Db } from './open';
import { writeTransaction, type WriteIntent } from './write-session';

export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

function defaultSettings(): Settings {
  return {
    timeZone: DEFAULT_TIME_ZONE,
    tolerance: '0.01',
    tolerancePercent: null,
    locale: 'en',
    granularitySeconds: 600,
    defaultVatPercent: '20',
    actor: '', // nobody named until someone gives their name: never the system's user name
  };
}

export function getSettings(db: Db): Settings {
  const raw = getSetting(db, 'settings');
  const merged = { ...defaultSettings(), ...(raw ? (JSON.parse(raw) as Partial<Settings>) : {}) };
  return settingsSchema.parse(merged);
}

/**
 * Applies a change of settings with its audit entry (each changed setting, from and to), in one
 * transaction; a patch that changes nothing writes nothing. The entry's actor is the actor the
 * settings name once changed (the person who just gave their name, when that is the change).
 */
/** Said when a write has nobody to name as its author. */
export const NO_ACTOR =
  'Nobody is named as the author of this change: in the app, give your name when it asks (or in Settings); on the command line, pass --actor "Your Name", set SLICEWISE_ACTOR, or name yourself once for this workspace with: slicewise settings --actor "Your Name"';

export async function updateSettings(db: Db, patch: Partial<Settings>, onWait?: WriteIntent['onWait'], by?: string): Promise<Settings> {
  const proposed = settingsSchema.parse({ ...getSettings(db), ...patch });
  if (!isValidTimeZone(proposed.timeZone)) throw new ApiError('invalid_request', `Unknown time zone "${proposed.timeZone}"`);
  if (proposed.tolerance.startsWith('-')) throw new ApiError('invalid_request', 'The tolerance cannot be negative');
  if (patch.actor !== undefined && !patch.actor.trim()) throw new ApiError('invalid_request', 'Your name cannot be empty: it is recorded with every change');
  if (proposed.tolerancePercent?.startsWith('-')) throw new ApiError('invalid_request', 'The tolerance percentage cannot be negative');
  return writeTransaction(db, { what: 'settings change', onWait }, () => {
    // Read again under the lock: another process may have changed other settings meanwhile.
    const before = getSettings(db);
    const next = settingsSchema.parse({ ...before, ...patch });
    const changed = Object.fromEntries(
      (Object.keys(next) as (keyof Settings)[]).filter((k) => before[k] !== next[k]).map((k) => [k, { from: before[k], to: next[k] }]),
    );
    if (Object.keys(changed).length === 0) return before;
    setSetting(db, 'settings', JSON.stringify(next));
    // By the person named in the change, else the caller's actor, else the workspace's.
    const actor = patch.actor?.trim() ? next.actor : by?.trim() || next.actor;
    if (!actor.trim()) throw new ApiError('invalid_request', NO_ACTOR);
    appendAudit(db, { actor, action: 'settings', subject: 'settings', detail: changed });
    return next;
  });
}
