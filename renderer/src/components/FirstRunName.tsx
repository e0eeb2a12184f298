// First run: the reviewer's name, asked before anything is changed. It is stored in the
// workspace's settings (audited) and recorded as the author of every import, review, annotation,
// sign-off and export; it can be changed in Settings. Never the system's user name.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/transport';
import { errorText, useApp } from '../state/app';

export function FirstRunName() {
  const { t } = useTranslation();
  const needed = useApp((s) => s.overview !== null && !s.overview.settings.actor.trim());
  const refreshOverview = useApp((s) => s.refreshOverview);
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!needed) return null;
  const missing = !name.trim();
  const save = async () => {
    setTried(true);
    if (missing) return;
    setSaving(true);
    setError(null);
    try {
      await send('settings.update', { actor: name.trim() });
      await refreshOverview();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="modal-backdrop" data-testid="first-run-backdrop">
      <form
        className="modal card form"
        role="dialog"
        aria-modal="true"
        aria-labelledby="first-run-title"
        data-testid="first-run"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="first-run-title">{t('firstRun.title')}</h2>
        <p className="muted">{t('firstRun.text')}</p>
        {error && (
          <div className="banner banner-error inline" role="alert">
            {error}
          </div>
        )}
        <label className="field">
          <span className="field-label">{t('firstRun.name')}</span>
          <input autoFocus value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="first-run-name" />
          <span className={tried && missing ? 'field-error' : 'field-help'}>{tried && missing ? t('firstRun.required') : t('firstRun.help')}</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="first-run-save">
            {t('firstRun.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
