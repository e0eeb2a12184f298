import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { t as tNow } from '../i18n';
import { decimalInputText, parseDecimalInput } from '../../../shared/i18n/decimal-input';
import type { Settings } from '../../../shared/contract/api';
import { LEGACY_GRANULARITIES } from '../../../shared/types';
import { send } from '../api/transport';
import { formatDateTime, formatMoney } from '../lib/format';
import { granularityLabel } from '../lib/labels';
import { errorText, useApp } from '../state/app';

/** The decimal settings, typed in the form's locale and sent exact (shared/i18n/decimal-input). */
type DecimalKey = 'tolerance' | 'defaultVatPercent';
const DECIMAL_KEYS: DecimalKey[] = ['tolerance', 'defaultVatPercent'];

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
      <input value={value} onChange={(e) => onChange(e.target.value)} inputMode="decimal" className="input-narrow" data-testid={testId} />
      <span className={error ? 'field-error' : 'field-help'}>{error ?? help}</span>
    </label>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const overview = useApp((s) => s.overview);
  const refreshOverview = useApp((s) => s.refreshOverview);
  const notify = useApp((s) => s.notify);
  const saved = overview?.settings;
  const [form, setForm] = useState<Settings | null>(saved ?? null);
  // What is typed in the decimal fields, in the locale shown ("0,01" in French).
  const [typed, setTyped] = useState<Typed>(() => typedOf(saved));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (saved) {
      setForm(saved);
      setTyped(typedOf(saved));
    }
  }, [saved]);

  const zones = useMemo(() => timeZones(form?.timeZone ?? ''), [form?.timeZone]);

  if (!form || !saved)
    return (
      <div className="screen">
        <h1>{t('settings.title')}</h1>
        <p className="muted">{t('common.loading')}</p>
      </div>
    );

  const invalid: Partial<Record<keyof Settings, string>> = {};
  // The decimal fields are read in the locale they were typed in: the form's, until saved.
  const parsedForm: Settings = { ...form };
  for (const k of DECIMAL_KEYS) {
    const r = parseDecimalInput(typed[k], form.locale);
    if (r.ok) parsedForm[k] = r.value;
    else invalid[k] = t(`decimalInput.${r.error}`, { example: decimalInputText(k === 'tolerance' ? '0.01' : '20', form.locale) });
  }
  // The percentage is optional: empty, none (the amount alone decides).
  if (typed.tolerancePercent.trim() === '') parsedForm.tolerancePercent = null;
  else {
    const r = parseDecimalInput(typed.tolerancePercent, form.locale);
    if (r.ok) parsedForm.tolerancePercent = r.value;
    else invalid.tolerancePercent = t(`decimalInput.${r.error}`, { example: decimalInputText('2', form.locale) });
  }
  if (!form.actor.trim()) invalid.actor = t('settings.actorRequired');
  const changed = (Object.keys(parsedForm) as (keyof Settings)[]).filter((k) => parsedForm[k] !== saved[k]);
  const ratingChange = changed.some((k) => k === 'timeZone' || k === 'granularitySeconds');

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const patch: Partial<Settings> = {};
      for (const k of changed) (patch as Record<string, unknown>)[k] = k === 'actor' ? parsedForm.actor.trim() : parsedForm[k];
      await send('settings.update', patch);
      await refreshOverview();
      // In the language just saved (the hook's t is still the previous render's).
      notify('ok', ratingChange ? tNow('settings.savedStale') : tNow('settings.saved'), 'settings');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setForm({ ...form, [k]: v });
  // A new locale rewrites the decimal fields in it, when they hold a number.
  const setLocaleField = (locale: Settings['locale']) => {
    const next = { ...typed };
    for (const k of [...DECIMAL_KEYS, 'tolerancePercent' as const]) {
      const r = parseDecimalInput(typed[k], form.locale);
      if (r.ok) next[k] = decimalInputText(r.value, locale);
    }
    setTyped(next);
    set('locale', locale);
  };
  const now = Date.now();

  return (
    <div className="screen" data-testid="screen-settings">
      <h1>{t('settings.title')}</h1>
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
          <span className="field-label">{t('settings.timeZone')}</span>
          <select value={form.timeZone} onChange={(e) => set('timeZone', e.target.value)} data-testid="set-timezone" translate="no">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <span className="field-help">{t('settings.timeZoneHelp', { now: formatDateTime(now, form.timeZone, form.locale) })}</span>
        </label>
        <DecimalField
          label={t('settings.tolerance')}
          value={typed.tolerance}
          onChange={(v) => setTyped({ ...typed, tolerance: v })}
          testId="set-tolerance"
          error={invalid.tolerance}
          help={t('settings.toleranceHelp')}
        />
        <DecimalField
          label={t('settings.tolerancePercent')}
          value={typed.tolerancePercent}
          onChange={(v) => setTyped({ ...typed, tolerancePercent: v })}
          testId="set-tolerance-percent"
          error={invalid.tolerancePercent}
          help={t('settings.tolerancePercentHelp')}
        />
        <label className="field">
          <span className="field-label">{t('settings.locale')}</span>
          <select value={form.locale} onChange={(e) => setLocaleField(e.target.value as Settings['locale'])} data-testid="set-locale">
            <option value="en">English (en)</option>
            <option value="fr">Français (fr)</option>
          </select>
          <span className="field-help">
            {t('settings.localeHelp', { money: formatMoney('1234.56', 'EUR', form.locale), now: formatDateTime(now, form.timeZone, form.locale) })}
          </span>
        </label>
        <label className="field">
          <span className="field-label">{t('settings.granularity')}</span>
          <select
            value={form.granularitySeconds}
            onChange={(e) => set('granularitySeconds', Number(e.target.value) as Settings['granularitySeconds'])}
            data-testid="set-granularity"
          >
            {LEGACY_GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {granularityLabel(g)}
              </option>
            ))}
          </select>
          <span className="field-help">{t('settings.granularityHelp')}</span>
        </label>
        <DecimalField
          label={t('settings.vat')}
          value={typed.defaultVatPercent}
          onChange={(v) => setTyped({ ...typed, defaultVatPercent: v })}
          testId="set-vat"
          error={invalid.defaultVatPercent}
          help={t('settings.vatHelp')}
        />
        <label className="field">
          <span className="field-label">{t('settings.actor')}</span>
          <input value={form.actor} maxLength={100} onChange={(e) => set('actor', e.target.value)} data-testid="set-actor" />
          <span className={invalid.actor ? 'field-error' : 'field-help'}>{invalid.actor ?? t('settings.actorHelp')}</span>
        </label>
        {ratingChange && <div className="banner banner-warn inline">{t('settings.ratingChange')}</div>}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={saving || changed.length === 0 || Object.keys(invalid).length > 0}
            data-testid="settings-save"
          >
            {t('settings.save')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={saving || changed.length === 0}
            onClick={() => {
              setForm(saved);
              setTyped(typedOf(saved));
            }}
          >
            {t('settings.revert')}
          </button>
        </div>
      </form>
    </div>
  );
}

type Typed = Record<DecimalKey | 'tolerancePercent', string>;

function typedOf(s: Settings | undefined): Typed {
  return {
    tolerance: s ? decimalInputText(s.tolerance, s.locale) : '',
    tolerancePercent: s?.tolerancePercent ? decimalInputText(s.tolerancePercent, s.locale) : '',
    defaultVatPercent: s ? decimalInputText(s.defaultVatPercent, s.locale) : '',
  };
}
