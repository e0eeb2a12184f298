// The workbook's words in the workspace locale: the domain's codes in words (shared/i18n/labels.ts)
// and the few words of its own. Headers and Summary labels stay as the contract names them.
import { LABELS, type Labels, type Locale } from '../../../../shared/i18n/labels';
import type { LineKind } from '../../../../shared/types';

export interface Words extends Labels {
  /** A credit's scope: every kind, or the kinds it covers. */
  scope(scope: 'all' | readonly LineKind[]): string;
  /** A credit that never expires. */
  never: string;
  /** No source file. */
  none: string;
  /** The footer's page number, in header/footer codes (&P page, &N pages). */
  pageOfPages: string;
  /** The Disputes sheet's total row. */
  totalClaimed: string;
}

const OWN: Record<Locale, { all: string; never: string; none: string; pageOfPages: string; totalClaimed: string }> = {
  en: { all: 'All kinds', never: 'never', none: 'none', pageOfPages: 'Page &P of &N', totalClaimed: 'Total claimed (variance)' },
  fr: { all: 'Tous types', never: 'jamais', none: 'aucun', pageOfPages: 'Page &P sur &N', totalClaimed: 'Total réclamé (écart)' },
};

export function wordsFor(locale: Locale): Words {
  const labels = LABELS[locale];
  const own = OWN[locale];
  return {
    ...labels,
    ...own,
    scope: (scope) => (scope === 'all' ? own.all : scope.map((k) => labels.kind[k]).join(', ')),
  };
}
