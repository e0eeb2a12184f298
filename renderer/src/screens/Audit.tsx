import { useEffect, useState } from 'react';
import type { Res } from '../../../shared/contract/api';
import { send } from '../api/transport';
import { formatDateTime, formatInt, shortHash } from '../lib/format';
import { errorText, useApp, useLocale, useSettings } from '../state/app';

type AuditPage = Res<'audit.list'>;
type Verify = Res<'audit.verify'>;
const LIMIT = 100;

export function AuditScreen() {
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
        <h1>Audit log</h1>
        <div className="actions">
          <button className="btn" onClick={() => setTick(tick + 1)}>
            Refresh
          </button>
          <button
            className="btn btn-primary"
            disabled={!!busy}
            data-testid="verify-chain"
            onClick={async () => {
              setVerify(null);
              const r = await run('Verifying the audit chain…', () => send('audit.verify', {}));
              if (r) setVerify(r);
            }}
          >
            Verify chain
          </button>
        </div>
      </div>
      {verify &&
        (verify.ok ? (
          <div className="banner banner-ok" role="status" data-testid="verify-result" data-ok="true">
            Chain verified: {formatInt(verify.entries, locale)} entries, each hashing the one before. Last hash{' '}
            <span className="mono">{shortHash(verify.lastHash, 16)}</span>.
          </div>
        ) : (
          <div className="banner banner-error" role="alert" data-testid="verify-result" data-ok="false">
            The audit chain is broken: {verify.problem ?? 'unknown problem'} (checked {formatInt(verify.entries, locale)} entries).
          </div>
        ))}
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <p className="muted small">
        Every import, rating run, review change, annotation and export is recorded here, newest first. Each entry's hash covers the previous entry's hash and
        its own content, so an edited or removed entry is found by “Verify chain”.
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th className="r">#</th>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Subject</th>
              <th>Detail</th>
              <th>Hash</th>
            </tr>
          </thead>
          <tbody>
            {(page?.entries ?? []).map((e) => (
              <tr key={e.seq}>
                <td className="r num">{e.seq}</td>
                <td className="nowrap">{formatDateTime(e.at, timeZone, locale)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td className="mono small ellip" title={e.subject}>
                  {e.subject}
                </td>
                <td className="mono small ellip audit-detail" title={e.detail}>
                  {e.detail}
                </td>
                <td className="mono small" title={`hash ${e.hash}\nprevious ${e.prevHash}`}>
                  {shortHash(e.hash)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page && page.entries.length === 0 && <p className="muted">The audit log is empty.</p>}
      <div className="pager">
        <button className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
          ← Newer
        </button>
        <span className="muted small">
          {formatInt(from, locale)}–{formatInt(to, locale)} of {formatInt(total, locale)}
        </span>
        <button className="btn btn-small" disabled={offset + LIMIT >= total} onClick={() => setOffset(offset + LIMIT)}>
          Older →
        </button>
      </div>
    </div>
  );
}
