// Workspace settings, stored in the workspace itself so every adapter sees the same ones; the
// settings table also keeps other named values (saved CSV mappings).
import os from 'node:os';
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

function defaultActor(): string {
  try {
    return os.userInfo().username || 'user';
  } catch {
    return 'user';
  }
}

function defaultSettings(): Settings {
  return {
    timeZone: DEFAULT_TIME_ZONE,
    tolerance: '0.01',
    tolerancePercent: null,
    locale: 'en',
    granularitySeconds: 600,
    defaultVatPercent: '20',
    actor: defaultActor(),
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
export async function updateSettings(db: Db, patch: Partial<Settings>, onWait?: WriteIntent['onWait']): Promise<Settings> {
  const proposed = settingsSchema.parse({ ...getSettings(db), ...patch });
  if (!isValidTimeZone(proposed.timeZone)) throw new ApiError('invalid_request', `Unknown time zone "${proposed.timeZone}"`);
  if (proposed.tolerance.startsWith('-')) throw new ApiError('invalid_request', 'The tolerance cannot be negative');
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
    appendAudit(db, { actor: next.actor, action: 'settings', subject: 'settings', detail: changed });
    return next;
  });
}
