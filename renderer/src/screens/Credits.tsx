import { useEffect, useState } from 'react';
import type { Res } from '../../../shared/contract/api';
import { send } from '../api/transport';
import { Empty } from '../components/Empty';
import { Money } from '../components/Money';
import { formatDateTime, formatInt, formatPeriod } from '../lib/format';
import { CREDIT_KIND_LABEL } from '../lib/labels';
import { errorText, useApp, useLocale, useSelectedSummary, useSettings } from '../state/app';

type Credits = Res<'credits.list'>;
const PAGE = 500;

export function CreditsScreen() {
  const ownerId = useApp((s) => s.ownerId);
  const period = useApp((s) => s.period);
  const go = useApp((s) => s.go);
  const openLine = useApp((s) => s.openLine);
  const summary = useSelectedSummary();
  const locale = useLocale();
  const { timeZone } = useSettings();
  const [data, setData] = useState<Credits | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const [filter, setFilter] = useState<string>('');
  const reconciledAt = summary?.reconciledAt ?? null;

  useEffect(() => {
    if (!ownerId || !period || !reconciledAt) return;
    let live = true;
    setData(null);
    setError(null);
    send('credits.list', { period, ownerId }).then(
      (d) => live && setData(d),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [ownerId, period, reconciledAt]);

  if (!ownerId || !period) {
    return (
      <div className="screen">
        <h1>Credits</h1>
        <Empty title="No period chosen">
          <p>Choose an owner and a period on the Workspace screen.</p>
        </Empty>
      </div>
    );
  }
  const title = (
    <h1>
      Credits <span className="muted">·</span> <span className="mono">{ownerId}</span> <span className="muted">·</span> {formatPeriod(period, locale)}
    </h1>
  );
  if (!reconciledAt) {
    return (
      <div className="screen">
        {title}
        <Empty title="Not rated yet">
          <p>Rate &amp; reconcile this period (Workspace screen) to see how its credits were applied.</p>
        </Empty>
      </div>
    );
  }
  const c = data?.currency ?? summary?.currency ?? '';
  const allocations = (data?.allocations ?? []).filter((a) => !filter || a.creditId === filter);
  return (
    <div className="screen" data-testid="screen-credits">
      {title}
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && (
        <>
          <section className="card">
            <h2>Grants and balances</h2>
            {data.balances.length === 0 ? (
              <p className="muted">No credit applies to this owner in this period.</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="credit-balances">
                  <thead>
                    <tr>
                      <th>Credit</th>
                      <th>Kind</th>
                      <th>Scope</th>
                      <th>Description</th>
                      <th>Expires</th>
                      <th className="r">Opening</th>
                      <th className="r">Granted</th>
                      <th className="r">Used</th>
                      <th className="r">Expired</th>
                      <th className="r">Closing</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.balances.map((b) => (
                      <tr
                        key={b.creditId}
                        className={filter === b.creditId ? 'selected' : undefined}
                        onClick={() => setFilter(filter === b.creditId ? '' : b.creditId)}
                      >
                        <td className="mono">{b.creditId}</td>
                        <td>{CREDIT_KIND_LABEL[b.kind]}</td>
                        <td className="mono">{b.scope}</td>
                        <td className="ellip" title={b.description}>
                          {b.description}
                        </td>
                        <td>{b.expiresAt === null ? <span className="muted">Never</span> : formatDateTime(b.expiresAt, timeZone, locale)}</td>
                        <td className="r">
                          <Money value={b.opening} currency={c} />
                        </td>
                        <td className="r">
                          <Money value={b.granted} currency={c} />
                        </td>
                        <td className="r">
                          <Money value={b.used} currency={c} />
                        </td>
                        <td className="r">
                          <Money value={b.expired} currency={c} />
                        </td>
                        <td className="r">
                          <Money value={b.closing} currency={c} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="muted small">
              For every grant: opening + granted = used + expired + closing. Free credits are used before prepaid ones, the soonest to expire first.
            </p>
          </section>
          <section className="card">
            <h2>
              Allocations to lines{' '}
              {filter && (
                <span className="small">
                  — credit <span className="mono">{filter}</span>{' '}
                  <button className="btn btn-small" onClick={() => setFilter('')}>
                    Show all
                  </button>
                </span>
              )}
            </h2>
            {allocations.length === 0 ? (
              <p className="muted">No credit was applied to any line.</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="credit-allocations">
                  <thead>
                    <tr>
                      <th>Credit</th>
                      <th className="r">Line</th>
                      <th>Item</th>
                      <th className="r">Amount</th>
                    </tr>
                  </thead>
                  <tbody>
                    {allocations.slice(0, shown).map((a, n) => (
                      <tr
                        key={`${a.creditId}|${a.lineKey}|${n}`}
                        className="clickable"
                        title="Open this line"
                        onClick={() => {
                          go('invoice');
                          openLine(a.lineKey);
                        }}
                      >
                        <td className="mono">{a.creditId}</td>
                        <td className="r num">{a.lineNo}</td>
                        <td>{a.itemName}</td>
                        <td className="r">
                          <Money value={a.amount} currency={c} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {allocations.length > shown && (
              <button className="btn btn-small" onClick={() => setShown(shown + PAGE)}>
                Show more ({formatInt(allocations.length - shown, locale)} left)
              </button>
            )}
          </section>
        </>
      )}
    </div>
  );
}
