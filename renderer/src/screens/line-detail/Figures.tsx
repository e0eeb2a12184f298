// The line's figures: status, review, the amounts and the billable time (a FOCUS line: what was
// recomputed from its rows' unit prices, what was billed, and its rows that break them).
import { isFocusKind } from '../../../../shared/kinds';
import { ReviewChip, StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatDuration, formatInt } from '../../lib/format';
import { useLocale } from '../../state/app';
import type { Detail } from './types';

export function Figures({ row, currency }: { row: Detail['row']; currency: string }) {
  const locale = useLocale();
  if (isFocusKind(row.kind)) {
    return (
      <section className="kv-grid">
        <div>
          <span className="k">Status</span> <StatusChip status={row.status} />
        </div>
        <div>
          <span className="k">Review</span> <ReviewChip review={row.review} changed={row.changedSinceReview} />
        </div>
        <div>
          <span className="k">Recomputed</span> <Money value={row.amountPerSecond} currency={currency} exact />
        </div>
        <div>
          <span className="k">Billed</span> <Money value={row.billed} currency={currency} exact />
        </div>
        <div>
          <span className="k">Variance</span> <Money value={row.variance} currency={currency} tone signed exact testId="detail-variance" />
        </div>
        <div>
          <span className="k">Rows flagged</span>{' '}
          <span className="num" data-testid="detail-flagged">
            {formatInt(row.flaggedRows, locale)}
          </span>
        </div>
      </section>
    );
  }
  return (
    <section className="kv-grid">
      <div>
        <span className="k">Status</span> <StatusChip status={row.status} />
      </div>
      <div>
        <span className="k">Review</span> <ReviewChip review={row.review} changed={row.changedSinceReview} />
      </div>
      <div>
        <span className="k">Per second</span> <Money value={row.amountPerSecond} currency={currency} />
      </div>
      <div>
        <span className="k">10-minute slices</span> <Money value={row.amountLegacy} currency={currency} />
      </div>
      <div>
        <span className="k">Difference</span> <Money value={row.difference} currency={currency} />
      </div>
      <div>
        <span className="k">Credit</span> <Money value={row.credit} currency={currency} />
      </div>
      <div>
        <span className="k">Net</span> <Money value={row.net} currency={currency} />
      </div>
      <div>
        <span className="k">Billed</span> <Money value={row.billed} currency={currency} exact />
      </div>
      <div>
        <span className="k">Variance</span> <Money value={row.variance} currency={currency} tone signed exact testId="detail-variance" />
      </div>
      <div>
        <span className="k">Billable time</span>
        <span className="num">
          {formatDuration(row.billableSeconds)} <span className="muted small">({formatInt(row.billableSeconds, locale)} s)</span>
        </span>
      </div>
    </section>
  );
}
