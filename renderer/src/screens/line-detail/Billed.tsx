// What the rating is checked against and what it drew on: the provider's billed sources, and the
// credits applied to the line.
import { Money } from '../../components/Money';
import type { Detail } from './types';

export function BilledSources({ sources, currency }: { sources: Detail['billedSources']; currency: string }) {
  return (
    <section>
      <h3>Billed by the provider</h3>
      {sources.length === 0 ? (
        <p className="muted">Nothing billed for this line.</p>
      ) : (
        <table className="table table-tight" data-testid="billed-sources">
          <thead>
            <tr>
              <th>Source</th>
              <th title="The invoice item's own id (item_id)">Invoice item</th>
              <th className="r">Amount</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((b, n) => (
              <tr key={n}>
                <td className="mono small">
                  {b.source.file} · {b.source.row}
                </td>
                <td className="mono small">{b.itemRef || <span className="muted">—</span>}</td>
                <td className="r">
                  <Money value={b.amount} currency={currency} exact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CreditsApplied({ allocations, currency }: { allocations: Detail['allocations']; currency: string }) {
  if (allocations.length === 0) return null;
  return (
    <section>
      <h3>Credits applied</h3>
      <table className="table table-tight" data-testid="allocations">
        <thead>
          <tr>
            <th>Credit</th>
            <th className="r">Amount</th>
          </tr>
        </thead>
        <tbody>
          {allocations.map((a, n) => (
            <tr key={n}>
              <td className="mono">{a.creditId}</td>
              <td className="r">
                <Money value={a.amount} currency={currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
