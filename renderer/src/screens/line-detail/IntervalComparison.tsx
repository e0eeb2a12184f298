// Which interval is wrong: when the invoice lists the line's intervals, each recomputed interval
// beside the detail that billed it (same instance and start), the billed details with no usage
// and the intervals nothing billed; the ones whose status is not a match are highlighted. Times
// in the workspace zone with every fractional digit they have (an interval of 11:00:00.400 →
// 11:00:01.500 bills 2 s). Many rows: only the differing ones at first.
import { useState } from 'react';
import { isoUtcExact } from '../../../../shared/instant';
import { D, decString, moneyPlaces } from '../../../../shared/money';
import { StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatExactDateTime, formatInt } from '../../lib/format';
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
            billed for {span(b!)}
          </div>
        )}
      </>
    );
  };

  return (
    <section data-testid="interval-comparison">
      <h3>
        Billed vs recomputed, per interval{' '}
        <span className="muted small">
          ({formatInt(total, locale)}; times in {timeZone})
        </span>
      </h3>
      <p className="small" data-testid="comparison-summary">
        {comparison.differing === 0
          ? `Every billed detail agrees with its recomputed interval within the tolerance.`
          : `${formatInt(comparison.differing, locale)} of ${formatInt(total, locale)} ${total === 1 ? 'interval differs' : 'intervals differ'} beyond the tolerance (highlighted).`}
        {comparison.billedOnly > 0 && ` ${formatInt(comparison.billedOnly, locale)} billed with no usage.`}
        {comparison.usageOnly > 0 && ` ${formatInt(comparison.usageOnly, locale)} used but not billed.`}
      </p>
      {many && (
        <label className="small">
          <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} data-testid="only-differing" /> Show only
          differing
        </label>
      )}
      <div className="table-wrap detail-table">
        <table className="table table-tight" data-testid="comparison-table">
          <thead>
            <tr>
              <th>Instance</th>
              <th>Start → end</th>
              <th className="r">Seconds</th>
              <th className="r">Billed</th>
              <th className="r">Recomputed</th>
              <th className="r" title="Billed − recomputed; the status when it is beyond the tolerance">
                Difference
              </th>
              <th>Billed in</th>
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
                <td className="mono small cmp-source" title={r.billed ? `${r.billed.source.file}, ${r.billed.source.row}` : undefined}>
                  {r.billed ? (
                    <>
                      <div>{r.billed.source.row}</div>
                      <div className="ellip muted">{r.billed.source.file}</div>
                    </>
                  ) : (
                    <span className="muted">not billed</span>
                  )}
                  {!r.recomputed && <div className="muted">no usage</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {filtered.length > rows.length && (
        <button className="btn btn-small" onClick={() => setShowAll(true)}>
          Show all {formatInt(filtered.length, locale)} rows
        </button>
      )}
      {total > comparison.rows.length && (
        <p className="muted small">
          {formatInt(comparison.rows.length, locale)} of {formatInt(total, locale)} rows shown, the differing ones first.
        </p>
      )}
    </section>
  );
}
