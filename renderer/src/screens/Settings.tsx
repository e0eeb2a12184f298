import { useEffect, useMemo, useState } from 'react';
import type { Settings } from '../../../shared/contract/api';
import { LEGACY_GRANULARITIES } from '../../../shared/types';
import { send } from '../api/transport';
import { formatDateTime, formatMoney } from '../lib/format';
import { GRANULARITY_LABEL } from '../lib/labels';
import { errorText, useApp } from '../state/app';

const DEC_RE = /^\d+(\.\d+)?$/;

function timeZones(current: string): string[] {
  let zones: string[];
  try {
    zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const set = new Set(zones);
  set.add('UTC');
  if (current) set.add(current);
  return [...set].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

/** A decimal setting: its input, and its error when invalid, else its help. */
function DecimalField({
  label,
  value,
  onChange,
  testId,
  error,
  help,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  error: string | undefined;
  help: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input value={value} onChange={(e) => onChange(e.target.value.trim())} inputMode="decimal" className="input-narrow" data-testid={testId} />
      <span className={error ? 'field-error' : 'field-help'}>{error ?? help}</span>
    </label>
  );
}

export function SettingsScreen() {
  const overview = useApp((s) => s.overview);
  const refreshOverview = useApp((s) => s.refreshOverview);
  const notify = useApp((s) => s.notify);
  const saved = overview?.settings;
  const [form, setForm] = useState<Settings | null>(saved ?? null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (saved) setForm(saved);
  }, [saved]);

  const zones = useMemo(() => timeZones(form?.timeZone ?? ''), [form?.timeZone]);

  if (!form || !saved)
    return (
      <div className="screen">
        <h1>Settings</h1>
        <p className="muted">Loading…</p>
      </div>
    );

  const invalid: Partial<Record<keyof Settings, string>> = {};
  if (!DEC_RE.test(form.tolerance)) invalid.tolerance = 'A non-negative decimal, e.g. 0.01';
  if (!DEC_RE.test(form.defaultVatPercent)) invalid.defaultVatPercent = 'A non-negative decimal, e.g. 20';
  if (!form.actor.trim()) invalid.actor = 'Your name is recorded with every change';
  const changed = (Object.keys(form) as (keyof Settings)[]).filter((k) => form[k] !== saved[k]);
  const ratingChange = changed.some((k) => k === 'timeZone' || k === 'granularitySeconds');

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const patch: Partial<Settings> = {};
      for (const k of changed) (patch as Record<string, unknown>)[k] = k === 'actor' ? form.actor.trim() : form[k];
      await send('settings.update', patch);
      await refreshOverview();
      notify('ok', ratingChange ? 'Settings saved. Rated periods are now stale: rate them again.' : 'Settings saved.');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setForm({ ...form, [k]: v });
  const now = Date.now();

  return (
    <div className="screen" data-testid="screen-settings">
      <h1>Settings</h1>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          if (Object.keys(invalid).length === 0 && changed.length > 0) void save();
        }}
      >
        <label className="field">
          <span className="field-label">Billing time zone</span>
          <select value={form.timeZone} onChange={(e) => set('timeZone', e.target.value)} data-testid="set-timezone">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <span className="field-help">
            Periods are calendar months in this zone; every date is shown in it. Now: {formatDateTime(now, form.timeZone, form.locale)}.
          </span>
        </label>
        <DecimalField
          label="Reconciliation tolerance"
          value={form.tolerance}
          onChange={(v) => set('tolerance', v)}
          testId="set-tolerance"
          error={invalid.tolerance}
          help="A line matches when |billed − recomputed| is at most this amount, in the invoice currency."
        />
        <label className="field">
          <span className="field-label">Locale</span>
          <select value={form.locale} onChange={(e) => set('locale', e.target.value as Settings['locale'])} data-testid="set-locale">
            <option value="en">English (en)</option>
            <option value="fr">Français (fr)</option>
          </select>
          <span className="field-help">
            Numbers, dates and currencies: {formatMoney('1234.56', 'EUR', form.locale)} · {formatDateTime(now, form.timeZone, form.locale)}
          </span>
        </label>
        <label className="field">
          <span className="field-label">Legacy granularity</span>
          <select
            value={form.granularitySeconds}
            onChange={(e) => set('granularitySeconds', Number(e.target.value) as Settings['granularitySeconds'])}
            data-testid="set-granularity"
          >
            {LEGACY_GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {GRANULARITY_LABEL[g]}
              </option>
            ))}
          </select>
          <span className="field-help">The “old way” column bills any started slice of this length (what-if comparisons).</span>
        </label>
        <DecimalField
          label="Default VAT %"
          value={form.defaultVatPercent}
          onChange={(v) => set('defaultVatPercent', v)}
          testId="set-vat"
          error={invalid.defaultVatPercent}
          help="Used when an invoice does not give its VAT rate."
        />
        <label className="field">
          <span className="field-label">Your name</span>
          <input value={form.actor} maxLength={100} onChange={(e) => set('actor', e.target.value)} data-testid="set-actor" />
          <span className={invalid.actor ? 'field-error' : 'field-help'}>{invalid.actor ?? 'Recorded as the author of reviews, annotations and exports.'}</span>
        </label>
        {ratingChange && (
          <div className="banner banner-warn inline">Changing the time zone or the granularity makes rated periods stale: rate them again after saving.</div>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={saving || changed.length === 0 || Object.keys(invalid).length > 0}
            data-testid="settings-save"
          >
            Save
          </button>
          <button type="button" className="btn" disabled={saving || changed.length === 0} onClick={() => setForm(saved)}>
            Revert
          </button>
        </div>
      </form>
    </div>
  );
}
