// An owner's name and what can be done with it: rename it (the name replaces the id everywhere in
// the app; empty = the name from its files again), copy its id. The id is on hover of the name.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodSummary } from '../../../shared/contract/api';
import { t as tr } from '../i18n';
import { hasOwnerName, ownerName } from '../lib/periods';
import { renameOwner } from '../state/actions';
import { useApp } from '../state/app';

/** Where the name comes from, for its tooltip (under the id). */
export function ownerTooltip(p: PeriodSummary): string {
  const o = p.owner;
  const from =
    o?.source === 'given'
      ? tr('owner.given', { by: o.renamedBy ?? '' })
      : o?.source === 'invoice'
        ? tr('owner.fromInvoice')
        : o?.source === 'focus'
          ? tr('owner.fromFocus')
          : null;
  return from ? `${p.ownerId}\n${from}` : p.ownerId;
}

/** The owner's name, its id on hover. */
export function OwnerLabel({ p, testId = 'owner-name' }: { p: PeriodSummary; testId?: string }) {
  return (
    <span
      className={hasOwnerName(p) ? 'owner-label' : 'owner-label mono'}
      title={ownerTooltip(p)}
      data-testid={testId}
      data-owner-id={p.ownerId}
      translate="no"
    >
      {ownerName(p)}
    </span>
  );
}

export function OwnerControls({ p }: { p: PeriodSummary }) {
  const { t } = useTranslation();
  const busy = useApp((s) => s.busy);
  const [draft, setDraft] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(p.ownerId);
      useApp.getState().notify('info', t('owner.copied', { id: p.ownerId }));
    } catch {
      // No clipboard (an insecure page, a denied permission): the id is shown to copy by hand.
      useApp.getState().notify('info', p.ownerId);
    }
  };
  if (draft !== null) {
    return (
      <form
        className="owner-rename"
        data-testid="owner-rename-form"
        onSubmit={(e) => {
          e.preventDefault();
          void renameOwner(p.ownerId, draft).then((ok) => ok && setDraft(null));
        }}
      >
        <label className="muted" htmlFor="owner-rename-input">
          {t('owner.nameLabel')}
        </label>
        <input
          id="owner-rename-input"
          data-testid="owner-rename-input"
          value={draft}
          maxLength={200}
          placeholder={p.owner?.fromData ?? t('owner.placeholder', { id: p.ownerId })}
          title={t('owner.clearHelp')}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setDraft(null);
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={!!busy} data-testid="owner-rename-save">
          {t('owner.save')}
        </button>
        <button type="button" className="btn" onClick={() => setDraft(null)}>
          {t('owner.cancel')}
        </button>
      </form>
    );
  }
  return (
    <span className="owner-actions">
      <button
        className="btn"
        title={t('owner.renameTitle')}
        data-testid="owner-rename"
        disabled={!!busy}
        onClick={() => setDraft(p.owner?.source === 'given' ? p.owner.name : '')}
      >
        {t('owner.rename')}
      </button>
      <button className="btn" title={p.ownerId} data-testid="owner-copy-id" onClick={() => void copy()}>
        {t('owner.copyId')}
      </button>
    </span>
  );
}
