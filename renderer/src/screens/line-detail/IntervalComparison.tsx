// Which interval is wrong: when the invoice lists the line's intervals, each recomputed interval
// beside the detail that billed it (same instance and start), the billed details with no usage
// and the intervals nothing billed; the ones whose status is not a match are highlighted. Times
// in the workspace zone with every fractional digit they have (an interval of 11:00:00.400 →
// 11:00:01.500 bills 2 s). Many rows: only the differing ones at first.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isoUtcExact } from '../../../../shared/instant';
import { D, decString, moneyPlaces } from '../../../../shared/money';
import { StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatExactDateTime, formatInt } from '../../lib/format';
import { describePlace, describeSource } from '../../lib/source';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

type Comparison = NonNullable<Detail['intervalComparison']>;
type Row = Comparison['rows'][number];

/** More rows than this: the toggle shows, starting on "only differing" when some differ. */
const MANY = 10;
const SHOW_ROWS = 200;

/**
 * A recomputed amount or a difference shown to the billed detail's precision (at least the minor
 * unit's), the exact value on hover: 20 decimals would push the columns out of the panel.
 */
function Shown({ value, billed, currency, testId, tone }: { value: string | null; billed: string | null; currency: string; testId?: string; tone?: boolean }) {
  if (value === null) return <Money value={null} currency={currency} />;
  const places = moneyPlaces([billed], currency);
  return (
    <span title={value} data-exact={value}>
      <Money value={decString(new D(value), places)} currency={currency} exact {...(tone ? { tone, signed: true } : {})} {...(testId ? { testId } : {})} />
    </span>
  );
}

const sameInstant = (aMs: number, aSub: string | undefined, bMs: number, bSub: string | undefined) => aMs === bMs && (aSub ?? '') === (bSub ?? '');

export function IntervalComparison({ comparison, currency }: { comparison: Comparison; currency: string }) {
  const { t } = useTranslation();
  const { timeZone } = useSettings();
  const locale = useLocale();
  const many = comparison.rows.length > MANY;
  const [onlyDiffering, setOnlyDiffering] = useState(many && comparison.differing > 0);
  const [showAll, setShowAll] = useState(false);
  const filtered = onlyDiffering ? comparison.rows.filter((r) => r.differs) : comparison.rows;
  const rows = showAll ? filtered : filtered.slice(0, SHOW_ROWS);
  const total = comparison.paired + comparison.billedOnly + comparison.usageOnly;
  const time = (ms: number, sub: string | undefined) => formatExactDateTime(ms, sub, timeZone, locale);
  const span = (x: { start: number; startSub?: string | undefined; end: number; endSub?: string | undefined }) => (
    <span title={`${isoUtcExact(x.start, x.startSub)} → ${isoUtcExact(x.end, x.endSub)}`}>
      {time(x.start, x.startSub)}
      <br />→ {time(x.end, x.endSub)}
    </span>
  );
  const when = (r: Row) => {
    const { recomputed: u, billed: b } = r;
    // The billed interval is shown too when it is not the recomputed one (cut at the period, or another end).
    const billedOther = u !== null && b !== null && !(sameInstant(u.start, u.startSub, b.start, b.startSub) && sameInstant(u.end, u.endSub, b.end, b.endSub));
    return (
      <>
        {u ? span(u) : b && span(b)}
        {billedOther && (
          <div className="muted" data-testid="billed-span">
            {t('comparison.billedFor')} {span(b!)}
          </div>
        )}
      </>
    );
  };

  return (
    <section data-testid="interval-comparison">
      <h3>
        {t('comparison.title')} <span className="muted small">{t('intervals.count', { n: formatInt(total, locale), zone: timeZone })}</span>
      </h3>
      <p className="small" data-testid="comparison-summary">
        {comparison.differing === 0
          ? t('comparison.allAgree')
          : t('comparison.differ', { count: total, n: formatInt(comparison.differing, locale), total: formatInt(total, locale) })}
        {comparison.billedOnly > 0 && ` ${t('comparison.billedOnly', { count: comparison.billedOnly, n: formatInt(comparison.billedOnly, locale) })}`}
        {comparison.usageOnly > 0 && ` ${t('comparison.usageOnly', { count: comparison.usageOnly, n: formatInt(comparison.usageOnly, locale) })}`}
      </p>
      {many && (
        <label className="small">
          <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} data-testid="only-differing" />{' '}
          {t('comparison.onlyDiffering')}
        </label>
      )}
      <div className="table-wrap detail-table">
        <table className="table table-tight" data-testid="comparison-table">
          <thead>
            <tr>
              <th>{t('intervals.col.instance')}</th>
              <th>{t('intervals.col.span')}</th>
              <th className="r">{t('intervals.col.seconds')}</th>
              <th className="r">{t('comparison.col.billed')}</th>
              <th className="r">{t('comparison.col.recomputed')}</th>
              <th className="r" title={t('comparison.col.differenceHelp')}>
                {t('comparison.col.difference')}
              </th>
              <th>{t('comparison.col.billedIn')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.recomputed?.intervalId ?? ''}-${r.recomputed?.start ?? ''}-${r.billed?.intervalId ?? ''}`}
                className={r.differs ? 'row-differs' : undefined}
                data-testid="comparison-row"
                data-differs={r.differs}
                data-status={r.status}
                data-instance={r.instanceId}
              >
                <td className="mono ellip small cmp-instance" title={r.instanceId}>
                  {r.instanceId}
                </td>
                <td className="nowrap small">{when(r)}</td>
                <td className="r num">{r.recomputed ? formatInt(r.recomputed.billableSeconds, locale) : <span className="muted">—</span>}</td>
                <td className="r">
                  <Money value={r.billed?.amount ?? null} currency={currency} exact />
                </td>
                <td className="r">
                  <Shown value={r.recomputed?.exactAmount ?? null} billed={r.billed?.amount ?? null} currency={currency} />
                </td>
                <td className="r">
                  <Shown value={r.difference} billed={r.billed?.amount ?? null} currency={currency} tone testId="comparison-difference" />
                  {r.differs && (
                    <div>
                      <StatusChip status={r.status} short />
                    </div>
                  )}
                </td>
                <td className="small cmp-source" title={r.billed ? describeSource(r.billed.source.file, r.billed.source.row) : undefined}>
                  {r.billed ? (
                    <>
                      <div data-path={r.billed.source.row}>{describePlace(r.billed.source.row)}</div>
                      <div className="ellip muted" translate="no">
                        {r.billed.source.file}
                      </div>
                    </>
                  ) : (
                    <span className="muted">{t('comparison.notBilled')}</span>
                  )}
                  {!r.recomputed && <div className="muted">{t('comparison.noUsage')}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {filtered.length > rows.length && (
        <button className="btn btn-small" onClick={() => setShowAll(true)}>
          {t('sourceRows.showAll', { n: formatInt(filtered.length, locale) })}
        </button>
      )}
      {total > comparison.rows.length && (
        <p className="muted small">{t('comparison.partial', { n: formatInt(comparison.rows.length, locale), total: formatInt(total, locale) })}</p>
      )}
    </section>
  );
}
