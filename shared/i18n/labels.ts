// The words for the domain's codes, in each workspace locale: one home for the workbook and the
// renderer. Pure data; a Record over each enumeration keeps a new value from going unnamed.
import type { CreditGrant, LineKind, LineStatus, ReviewState } from '../types';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Labels {
  kind: Record<LineKind, string>;
  status: Record<LineStatus, string>;
  review: Record<ReviewState, string>;
  creditKind: Record<CreditGrant['kind'], string>;
  /** Beside a review state whose figures changed since: "Approved (changed since review)". */
  changedSinceReview: string;
}

export const LABELS: Record<Locale, Labels> = {
  en: {
    kind: {
      application: 'Application',
      build: 'Build',
      addon: 'Add-on',
      countable: 'Countable',
      task: 'Task',
      usage: 'Usage',
      purchase: 'Purchase',
      credit: 'Credit',
      adjustment: 'Adjustment',
      tax: 'Tax',
    },
    status: {
      match: 'Match',
      over_billed: 'Over-billed',
      under_billed: 'Under-billed',
      missing_from_invoice: 'Missing from invoice',
      unexplained_charge: 'Unexplained charge',
    },
    review: { unreviewed: 'Unreviewed', approved: 'Approved', disputed: 'Disputed', resolved: 'Resolved' },
    creditKind: { free: 'Free', prepaid: 'Prepaid' },
    changedSinceReview: 'changed since review',
  },
  fr: {
    kind: {
      application: 'Application',
      build: 'Compilation',
      addon: 'Add-on',
      countable: 'Au compteur',
      task: 'Tâche',
      usage: 'Consommation',
      purchase: 'Achat',
      credit: 'Avoir',
      adjustment: 'Ajustement',
      tax: 'Taxe',
    },
    status: {
      match: 'Conforme',
      over_billed: 'Surfacturé',
      under_billed: 'Sous-facturé',
      missing_from_invoice: 'Absent de la facture',
      unexplained_charge: 'Montant inexpliqué',
    },
    review: { unreviewed: 'Non revu', approved: 'Approuvé', disputed: 'Contesté', resolved: 'Résolu' },
    creditKind: { free: 'Gratuit', prepaid: 'Prépayé' },
    changedSinceReview: 'modifié depuis la revue',
  },
};

/** A line's review in words: its state, and "(changed since review)" when its figures changed since. */
export function reviewWords(labels: Labels, review: ReviewState, changedSinceReview: boolean): string {
  return changedSinceReview ? `${labels.review[review]} (${labels.changedSinceReview})` : labels.review[review];
}
