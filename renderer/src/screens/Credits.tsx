import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Res } from '../../../shared/contract/api';
import { send } from '../api/transport';
import { Empty } from '../components/Empty';
import { Money } from '../components/Money';
import { formatDateTime, formatInt, formatPeriod } from '../lib/format';
import { labels } from '../lib/labels';
import { ownerName } from '../lib/periods';
import { errorText, useApp, useLocale, useSelectedSummary, useSettings } from '../state/app';

type Credits = Res<'credits.list'>;
const PAGE = 500;

export function CreditsScreen() {
  const { t } = useTranslation();
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
        <h1>{t('credits.title')}</h1>
        <Empty title={t('invoice.noPeriod')}>
          <p>{t('invoice.noPeriodHelp')}</p>
        </Empty>
      </div>
    );
  }
  const title = (
    <h1>
      {t('credits.title')} <span className="muted">·</span> <span title={ownerId}>{summary ? ownerName(summary) : ownerId}</span>{' '}
      <span className="muted">·</span> {formatPeriod(period, locale)}
    </h1>
  );
  if (!reconciledAt) {
    return (
      <div className="screen">
        {title}
        <Empty title={t('credits.notRated')}>
          <p>{t('credits.notRatedHelp')}</p>
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
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <section className="card">
            <h2>{t('credits.grants')}</h2>
            {data.balances.length === 0 ? (
              <p className="muted">{t('credits.noGrant')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="credit-balances">
                  <thead>
                    <tr>
                      <th>{t('credits.col.credit')}</th>
                      <th>{t('credits.col.kind')}</th>
                      <th>{t('credits.col.scope')}</th>
                      <th>{t('credits.col.description')}</th>
                      <th>{t('credits.col.expires')}</th>
                      <th className="r">{t('credits.col.opening')}</th>
                      <th className="r">{t('credits.col.granted')}</th>
                      <th className="r">{t('credits.col.used')}</th>
                      <th className="r">{t('credits.col.expired')}</th>
                      <th className="r">{t('credits.col.closing')}</th>
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
                        <td>{labels().creditKind[b.kind]}</td>
                        <td className="mono">{b.scope}</td>
                        <td className="ellip" title={b.description} translate="no">
                          {b.description}
                        </td>
                        <td>{b.expiresAt === null ? <span className="muted">{t('credits.never')}</span> : formatDateTime(b.expiresAt, timeZone, locale)}</td>
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
            <p className="muted small">{t('credits.rule')}</p>
          </section>
          <section className="card">
            <h2>
              {t('credits.allocations')}{' '}
              {filter && (
                <span className="small">
                  — {t('credits.ofCredit')} <span className="mono">{filter}</span>{' '}
                  <button className="btn btn-small" onClick={() => setFilter('')}>
                    {t('credits.showAll')}
                  </button>
                </span>
              )}
            </h2>
            {allocations.length === 0 ? (
              <p className="muted">{t('credits.noAllocation')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="credit-allocations">
                  <thead>
                    <tr>
                      <th>{t('credits.col.credit')}</th>
                      <th className="r">{t('credits.col.line')}</th>
                      <th>{t('credits.col.item')}</th>
                      <th className="r">{t('credits.col.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {allocations.slice(0, shown).map((a, n) => (
                      <tr
                        key={`${a.creditId}|${a.lineKey}|${n}`}
                        className="clickable"
                        title={t('credits.openLine')}
                        onClick={() => {
                          go('invoice');
                          openLine(a.lineKey);
                        }}
                      >
                        <td className="mono">{a.creditId}</td>
                        <td className="r num">{a.lineNo}</td>
                        <td translate="no">{a.itemName}</td>
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
                {t('credits.showMore', { n: formatInt(allocations.length - shown, locale) })}
              </button>
            )}
          </section>
        </>
      )}
    </div>
  );
}
