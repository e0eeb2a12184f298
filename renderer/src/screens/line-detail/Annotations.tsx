// The line's annotations, and the form that adds one (the author is the "Your name" setting).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../../api/transport';
import { formatDateTime } from '../../lib/format';
import { errorText, useApp, useLocale, useSelectedSummary, useSettings } from '../../state/app';
import { useInvoice } from '../../state/invoice';
import type { Detail } from './types';

export function Annotations({
  ownerId,
  period,
  lineKey,
  annotations,
}: {
  ownerId: string;
  period: string;
  lineKey: string;
  annotations: Detail['annotations'];
}) {
  const { t } = useTranslation();
  const bump = useInvoice((s) => s.bump);
  const notify = useApp((s) => s.notify);
  const { timeZone, actor } = useSettings();
  const locale = useLocale();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const closed = !!useSelectedSummary()?.closed; // signed off: annotations are locked (the core refuses them)

  const addNote = async () => {
    const text = note.trim();
    if (!text) return;
    setSaving(true);
    try {
      await send('lines.annotate', { period, ownerId, lineKey, text });
      setNote('');
      bump();
      useApp.getState().clearCause('annotation');
    } catch (e) {
      notify('error', errorText(e), 'annotation');
    } finally {
      setSaving(false);
    }
  };

  return (
    <section>
      <h3>{t('annotations.title')}</h3>
      {annotations.length === 0 && <p className="muted">{t('annotations.none')}</p>}
      <ul className="notes" data-testid="annotations">
        {annotations.map((a) => (
          <li key={a.id} className="note">
            <div className="note-meta small muted">
              {a.author} · {formatDateTime(a.createdAt, timeZone, locale)}
            </div>
            <div className="note-text" translate="no">
              {a.text}
            </div>
          </li>
        ))}
      </ul>
      {closed ? (
        <p className="muted small" data-testid="annotations-locked">
          {t('annotations.locked')}
        </p>
      ) : (
        <div className="note-form">
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('annotations.placeholder', { actor })}
            rows={3}
            maxLength={10000}
            data-testid="annotation-text"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void addNote();
            }}
          />
          <button className="btn btn-primary btn-small" disabled={!note.trim() || saving} onClick={() => void addNote()} data-testid="annotation-add">
            {t('annotations.add')}
          </button>
          <span className="muted small">{t('annotations.as', { actor })}</span>
        </div>
      )}
    </section>
  );
}
