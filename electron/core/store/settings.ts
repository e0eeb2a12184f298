// Workspace settings, stored in the workspace itself so every adapter sees the same ones.
import os from 'node:os';
import { settingsSchema, type Settings } from '../../../shared/contract/api';
import { isValidTimeZone } from '../../../shared/time';
import { getSetting, setSetting, type Db } from './open';
import { ApiError } from '../api/dispatch';

function defaultActor(): string {
  try {
    return os.userInfo().username || 'user';
  } catch {
    return 'user';
  }
}

export function defaultSettings(): Settings {
  return { timeZone: 'Europe/Paris', tolerance: '0.01', locale: 'en', granularitySeconds: 600, defaultVatPercent: '20', actor: defaultActor() };
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
