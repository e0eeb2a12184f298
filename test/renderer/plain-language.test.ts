// The plain-language helpers of the line detail and the audit log, in both locales: a status in
// one sentence with its figures, a calculation step in words (rounded for reading, every digit in
// the tooltip), a JSON path as a place, an audit detail as a sentence.
import { afterEach, describe, expect, it } from 'vitest';
import { D } from '../../shared/money';
import { explainCredit, explainTimed } from '../../shared/rating/explain';
import { statusOf, type Tolerance } from '../../shared/reconcile/status';
import { i18n } from '../../renderer/src/i18n';
import { describeAudit } from '../../renderer/src/lib/audit';
import { describePlace, describeSource, describeSourceText } from '../../renderer/src/lib/source';
import { statusSentence } from '../../renderer/src/lib/status';
import { stepText } from '../../renderer/src/lib/steps';

const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('statusSentence', () => {
  it('says why a line is over-billed, with its figures and the tolerance', async () => {
    const row = { status: 'over_billed' as const, billed: '12.40', amountPerSecond: '11.90', variance: '0.50' };
    expect(statusSentence(row, '0.01', 'EUR', 'en')).toBe('Billed €12.40 but recomputed €11.90: over-billed by €0.50, beyond the tolerance of €0.01.');
    await i18n.changeLanguage('fr');
    expect(nb(statusSentence(row, '0.01', 'EUR', 'fr'))).toBe(
      'Facturé 12,40 € mais recalculé 11,90 € : surfacturé de 0,50 €, au-delà de la tolérance de 0,01 €.',
    );
  });
  it('a match, a missing line and an unexplained charge', () => {
    expect(statusSentence({ status: 'match', billed: '5.00', amountPerSecond: '5.00', variance: '0.00' }, '0.01', 'EUR', 'en')).toBe(
      'Billed €5.00, exactly as recomputed.',
    );
    expect(statusSentence({ status: 'missing_from_invoice', billed: null, amountPerSecond: '3.10', variance: '-3.10' }, '0.01', 'EUR', 'en')).toMatch(
      /^Recomputed €3.10 from the usage, but the invoice bills nothing/,
    );
    expect(statusSentence({ status: 'unexplained_charge', billed: '2.00', amountPerSecond: '0', variance: '2.00' }, '0.01', 'EUR', 'en')).toMatch(
      /^Billed €2.00, but no usage explains it/,
    );
  });
});

describe('statusSentence with a percentage tolerance', () => {
  // The status comes from the reconciliation's own rule; the sentence must name the bound that decided it.
  const line = (billed: string, recomputed: string, tolerance: Tolerance) => {
    const variance = new D(billed).minus(recomputed).toFixed();
    return { status: statusOf(recomputed, billed, tolerance), billed, amountPerSecond: recomputed, variance };
  };
  it('names the percentage when it is the smaller bound', async () => {
    const tol = { amount: '0.10', percent: '2' };
    const row = line('2.00', '1.95', tol); // 0.05 apart: within 0.10, beyond 2 % of 2.00 = 0.04
    expect(row.status).toBe('over_billed');
    expect(statusSentence(row, tol, 'EUR', 'en')).toBe(
      'Billed €2.00 but recomputed €1.95: over-billed by €0.05, beyond the tolerance of €0.04 (2% of the billed amount).',
    );
    await i18n.changeLanguage('fr');
    expect(nb(statusSentence(row, tol, 'EUR', 'fr'))).toBe(
      'Facturé 2,00 € mais recalculé 1,95 € : surfacturé de 0,05 €, au-delà de la tolérance de 0,04 € (2 % du montant facturé).',
    );
  });
  it('names the amount when it is the smaller bound, percentage set or not', () => {
    const tol = { amount: '0.10', percent: '2' };
    const row = line('100.00', '99.95', tol); // 2 % of 100 = 2.00 > 0.10: the amount decides
    expect(row.status).toBe('match');
    expect(statusSentence(row, tol, 'EUR', 'en')).toBe('Billed €100.00 and recomputed €99.95: €0.05 apart, within the tolerance of €0.10.');
    const beyond = line('100.00', '99.80', tol);
    expect(beyond.status).toBe('over_billed');
    expect(statusSentence(beyond, tol, 'EUR', 'en')).toMatch(/beyond the tolerance of €0\.10\.$/);
    expect(statusSentence(beyond, '0.10', 'EUR', 'en')).toMatch(/beyond the tolerance of €0\.10\.$/);
  });
});

describe('stepText', () => {
  const steps = explainTimed({
    currency: 'EUR',
    granularitySeconds: 600,
    parts: 16,
    cutParts: 0,
    instances: 16,
    seconds: 2860558,
    slices: 4776,
    groups: [{ pricePerHour: '0.0533333', seconds: 2860558, slices: 4776 }],
    exactPerSecond: '42.37861226111111',
    amountPerSecond: '42.38',
    exactLegacy: '42.4533068',
    amountLegacy: '42.45',
    difference: '0.07',
  });

  it('gives every step a code the catalogue says in words, with no formula notation', () => {
    for (const s of steps) {
      expect(s.code, s.label).toBeTruthy();
      const w = stepText(s, 'EUR', 'en');
      expect(w.text, s.label).not.toMatch(/Σ|ceil|round\(/);
    }
  });

  it('rounds amounts for reading and keeps every digit in the tooltip and for copying', async () => {
    const per = steps.find((s) => s.code === 'perSecond')!;
    const w = stepText(per, 'EUR', 'en');
    expect(w.text).toBe('2,860,558 s × €0.0533333 per hour ÷ 3,600 s in an hour = €42.38');
    expect(w.exactText).toContain('€42.37861226111111');
    expect(w.exact).toBe('2860558 s × 0.0533333 EUR/h ÷ 3600 = 42.37861226111111');
    await i18n.changeLanguage('fr');
    const fr = stepText(per, 'EUR', 'fr');
    expect(nb(fr.label)).toBe('Montant à la seconde');
    expect(nb(fr.text)).toBe('2 860 558 s × 0,0533333 € de l’heure ÷ 3 600 s dans une heure = 42,38 €');
    expect(
      nb(
        stepText(
          steps.find((s) => s.code === 'legacySlices')!,
          'EUR',
          'fr',
        ).text,
      ),
    ).toBe('chaque intervalle compté en tranches entamées de 10 min : 4 776 tranches au total');
  });

  it('a credit step names the credit kind in the locale', async () => {
    await i18n.changeLanguage('fr');
    const w = stepText(explainCredit('cr-1', 'free', '50.00', '42.38', '42.38'), 'EUR', 'fr');
    expect(nb(w.label)).toBe('Crédit cr-1 (gratuit)');
    expect(nb(w.text)).toBe('le plus petit de ce qui reste du crédit (50,00 €) et de la ligne (42,38 €) : 42,38 €');
  });

  it('a step stored before codes existed keeps the rating’s words', () => {
    expect(stepText({ label: 'Usage', formula: '3 parts', value: '3' }, 'EUR', 'en')).toMatchObject({ label: 'Usage', text: '3 parts', value: '3' });
  });
});

describe('sources and audit details', () => {
  it('a JSON path as a place in the invoice, a CSV row as a row', async () => {
    expect(describePlace('uptimes[2].details[1]')).toBe('line 3, interval 2');
    expect(describeSource('usage-2021-03.csv', '70')).toBe('usage-2021-03.csv, row 70');
    expect(describePlace('weird.path')).toBe('weird.path');
    await i18n.changeLanguage('fr');
    expect(describeSource('invoice-2021-03.json', 'countables[0]')).toBe('invoice-2021-03.json, compteur 1');
    expect(describeSourceText('totals.csv, row 3')).toBe('totals.csv, ligne 3');
  });

  it('an audit detail as a sentence, the stored JSON untouched', async () => {
    expect(describeAudit('review', JSON.stringify({ from: 'unreviewed', to: 'approved' }), 'en')).toBe('Unreviewed → Approved');
    expect(describeAudit('import', JSON.stringify({ format: 'usage-csv', sha256: 'abcdef0123456789', rows: 163 }), 'en')).toBe(
      'Usage CSV, 163 rows (SHA-256 abcdef012345…)',
    );
    await i18n.changeLanguage('fr');
    expect(nb(describeAudit('settings', JSON.stringify({ locale: { from: 'en', to: 'fr' } }), 'fr'))).toBe('Langue : en → fr');
    expect(describeAudit('annotate', JSON.stringify({ annotationId: 3, text: 'vu' }), 'fr')).toBe('“vu”');
    expect(describeAudit('whatever', 'plain text', 'fr')).toBe('plain text');
  });
});
