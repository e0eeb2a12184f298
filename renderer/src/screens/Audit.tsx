import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Res } from '../../../shared/contract/api';
import { send } from '../api/transport';
import { t as tNow } from '../i18n';
import { formatDateTime, formatInt, shortHash } from '../lib/format';
import { auditActionLabel, describeAudit } from '../lib/audit';
import { downloadText } from '../components/table/download';
import { toCsv } from '../lib/table';
import { errorText, useApp, useLocale, useSettings } from '../state/app';

type AuditPage = Res<'audit.list'>;
type Verify = Res<'audit.verify'>;
const LIMIT = 100;

/**
 * The whole log as CSV (docs/ui.md, "Tables"): every entry as stored — its instant (ISO, UTC),
 * actor, action (word and code), subject, detail (the hashed JSON), hash and previous hash.
 */
async function exportAuditCsv(): Promise<number> {
  const entries: AuditPage['entries'] = [];
  for (let offset = 0; ; offset += 1000) {
    const p = await send('audit.list', { offset, limit: 1000 });
    entries.push(...p.entries);
    if (p.entries.length < 1000 || entries.length >= p.total) break;
  }
  const keys = ['seq', 'time', 'actor', 'action', 'actionCode', 'subject', 'detail', 'hash', 'prevHash'] as const;
  const header = keys.map((k) => tNow(`audit.csv.${k}`));
  const rows = entries.map((e) => [
    String(e.seq),
    new Date(e.at).toISOString(),
    e.actor,
    auditActionLabel(e.action),
    e.action,
    e.subject,
    e.detail,
    e.hash,
    e.prevHash,
  ]);
  downloadText('slicewise-audit-log.csv', toCsv([header, ...rows]));
  return entries.length;
}

export function AuditScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useSettings();
  const busy = useApp((s) => s.busy);
  const run = useApp((s) => s.run);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    send('audit.list', { offset, limit: LIMIT }).then(
      (p) => live && (setPage(p), setError(null)),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [offset, tick]);

  const total = page?.total ?? 0;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + LIMIT);

  return (
    <div className="screen" data-testid="screen-audit">
      <div className="screen-head">
        <h1>{t('audit.title')}</h1>
        <div className="actions">
          <button className="btn" onClick={() => setTick(tick + 1)}>
            {t('audit.refresh')}
          </button>
          <button
            className="btn"
            disabled={!!busy || total === 0}
            data-testid="audit-export-csv"
            title={t('audit.exportCsvHelp')}
            onClick={async () => {
              const n = await run(t('sheet.exporting'), exportAuditCsv, 'csv');
              if (n !== undefined) useApp.getState().notify('ok', t('audit.exportedCsv', { count: n, n: formatInt(n, locale) }), 'csv');
            }}
          >
            {t('sheet.exportCsvShort')}
          </button>
          <button
            className="btn btn-primary"
            disabled={!!busy}
            data-testid="verify-chain"
            onClick={async () => {
              setVerify(null);
              const r = await run(t('audit.verifying'), () => send('audit.verify', {}));
              if (r) setVerify(r);
            }}
          >
            {t('audit.verify')}
          </button>
        </div>
      </div>
      {verify &&
        (verify.ok ? (
          <div className="banner banner-ok" role="status" data-testid="verify-result" data-ok="true">
            {t('audit.verified', { count: verify.entries, n: formatInt(verify.entries, locale) })}{' '}
            <span className="mono">{shortHash(verify.lastHash, 16)}</span>.
          </div>
        ) : (
          <div className="banner banner-error" role="alert" data-testid="verify-result" data-ok="false">
            {t('audit.broken', { problem: verify.problem ?? t('audit.unknownProblem'), count: verify.entries, n: formatInt(verify.entries, locale) })}
          </div>
        ))}
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <p className="muted small">{t('audit.help', { verify: t('audit.verify') })}</p>
      <div className="table-wrap">
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th className="r">#</th>
              <th>{t('audit.col.time')}</th>
              <th>{t('audit.col.actor')}</th>
              <th>{t('audit.col.action')}</th>
              <th>{t('audit.col.subject')}</th>
              <th>{t('audit.col.detail')}</th>
              <th>{t('audit.col.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {(page?.entries ?? []).map((e) => (
              <tr key={e.seq}>
                <td className="r num">{e.seq}</td>
                <td className="nowrap">{formatDateTime(e.at, timeZone, locale)}</td>
                <td translate="no">{e.actor}</td>
                <td data-action={e.action}>{auditActionLabel(e.action)}</td>
                <td className="mono small ellip" title={e.subject}>
                  {e.subject}
                </td>
                <td className="small ellip audit-detail" title={describeAudit(e.action, e.detail, locale)} data-detail={e.detail}>
                  {describeAudit(e.action, e.detail, locale)}
                </td>
                <td className="mono small" title={t('audit.hashes', { hash: e.hash, prev: e.prevHash })}>
                  {shortHash(e.hash)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page && page.entries.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      <div className="pager">
        <button className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
          {t('audit.newer')}
        </button>
        <span className="muted small">{t('audit.range', { from: formatInt(from, locale), to: formatInt(to, locale), total: formatInt(total, locale) })}</span>
        <button className="btn btn-small" disabled={offset + LIMIT >= total} onClick={() => setOffset(offset + LIMIT)}>
          {t('audit.older')}
        </button>
      </div>
    </div>
  );
}
