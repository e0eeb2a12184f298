// The filters above the invoice table: kind, status and review chips, and the search box.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CC_LINE_KINDS, FOCUS_LINE_KINDS, LINE_STATUSES, REVIEW_STATES } from '../../../../shared/types';
import { labels } from '../../lib/labels';
import { isFiltered, toggle } from '../../lib/query';
import { useSelectedSummary } from '../../state/app';
import { useInvoice } from '../../state/invoice';

function ChipGroup<T extends string>({
  label,
  values,
  all,
  names,
  onChange,
  testId,
}: {
  label: string;
  values: T[];
  all: readonly T[];
  names: Record<T, string>;
  onChange: (v: T[]) => void;
  testId: string;
}) {
  return (
    <div className="chip-group" role="group" aria-label={label} data-testid={testId}>
      <span className="chip-group-label">{label}</span>
      {all.map((v) => {
        const on = values.includes(v);
        return (
          <button key={v} className={`fchip${on ? ' on' : ''}`} aria-pressed={on} data-value={v} onClick={() => onChange(toggle(values, v))}>
            {names[v]}
          </button>
        );
      })}
    </div>
  );
}

/** Applies the search a moment after typing stops (or at once on Enter). */
function SearchBox({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const search = useInvoice((s) => s.filters.search);
  const setFilters = useInvoice((s) => s.setFilters);
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  useEffect(() => {
    if (text === search) return;
    const t = setTimeout(() => setFilters({ search: text }), 250);
    return () => clearTimeout(t);
  }, [text, search, setFilters]);
  return (
    <input
      ref={inputRef}
      className="search"
      type="search"
      placeholder={t('filters.search')}
      value={text}
      maxLength={200}
      data-testid="search"
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') setFilters({ search: text });
        if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

export function FilterBar({ searchRef }: { searchRef: React.RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const words = labels();
  const filters = useInvoice((s) => s.filters);
  const setFilters = useInvoice((s) => s.setFilters);
  const clearFilters = useInvoice((s) => s.clearFilters);
  // A FOCUS period's kinds are its charge categories; a Clever Cloud period's, its item kinds.
  const focus = !!useSelectedSummary()?.focus;
  return (
    <div className="filters">
      <ChipGroup
        label={t('filters.kind')}
        values={filters.kinds}
        all={focus ? FOCUS_LINE_KINDS : CC_LINE_KINDS}
        names={words.kind}
        onChange={(kinds) => setFilters({ kinds })}
        testId="filter-kind"
      />
      <ChipGroup
        label={t('filters.status')}
        values={filters.statuses}
        all={LINE_STATUSES}
        names={words.status}
        onChange={(statuses) => setFilters({ statuses })}
        testId="filter-status"
      />
      <ChipGroup
        label={t('filters.review')}
        values={filters.reviews}
        all={REVIEW_STATES}
        names={words.review}
        onChange={(reviews) => setFilters({ reviews })}
        testId="filter-review"
      />
      <div className="chip-group" role="group" aria-label={t('review.filter')}>
        <button
          className={`fchip${filters.changed ? ' on' : ''}`}
          aria-pressed={!!filters.changed}
          title={t('review.filterHelp')}
          data-testid="filter-changed"
          onClick={() => setFilters({ changed: !filters.changed })}
        >
          {t('review.filter')}
        </button>
      </div>
      {focus && (
        <div className="chip-group" role="group" aria-label={t('filters.rowChecks')}>
          <button
            className={`fchip${filters.flagged ? ' on' : ''}`}
            aria-pressed={filters.flagged}
            title={t('filters.flaggedHelp')}
            data-testid="filter-flagged"
            onClick={() => setFilters({ flagged: !filters.flagged })}
          >
            {t('filters.flagged')}
          </button>
        </div>
      )}
      <div className="filters-end">
        <SearchBox inputRef={searchRef} />
        {isFiltered(filters) && (
          <button className="btn btn-small" onClick={clearFilters} data-testid="clear-filters">
            {t('filters.clear')}
          </button>
        )}
      </div>
    </div>
  );
}
