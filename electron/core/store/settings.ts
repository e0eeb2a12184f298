// Workspace settings, stored in the workspace itself so every adapter sees the same ones; the
// settings table also keeps other named values (saved CSV mappings).
import os from 'node:os';
import { settingsSchema, type Settings } from '../../../shared/contract/api';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../../../shared/time';
import { ApiError } from '../../../shared/contract/errors';
import type { Db } from './open';

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
  return { timeZone: DEFAULT_TIME_ZONE, tolerance: '0.01', locale: 'en', granularitySeconds: 600, defaultVatPercent: '20', actor: defaultActor() };
}

export function getSettings(db: Db): Settings {
  const raw = getSetting(db, 'settings');
  const merged = { ...defaultSettings(), ...(raw ? (JSON.parse(raw) as Partial<Settings>) : {}) };
  return settingsSchema.parse(merged);
}

export function updateSettings(db: Db, patch: Partial<Settings>): Settings {
  const next = settingsSchema.parse({ ...getSettings(db), ...patch });
  if (!isValidTimeZone(next.timeZone)) throw new ApiError('invalid_request', `Unknown time zone "${next.timeZone}"`);
  if (next.tolerance.startsWith('-')) throw new ApiError('invalid_request', 'The tolerance cannot be negative');
  setSetting(db, 'settings', JSON.stringify(next));
  return next;
}
