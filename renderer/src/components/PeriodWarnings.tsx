// What a period's figures rest on that a reader must know, e.g. an invoice whose consumption span
// is not exactly the workspace month it is compared with.
export function PeriodWarnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div data-testid="period-warnings">
      {warnings.map((w, i) => (
        <div key={i} className="banner banner-warn inline" role="status">
          {w}
        </div>
      ))}
    </div>
  );
}
