// The message catalogues (renderer/src/i18n/en.json, fr.json): the same keys, the same
// placeholders, every plural form each language needs, and no French value left in English
// (a value equal in both languages must be on the list below, with the reason).
import { describe, expect, it } from 'vitest';
import { LABELS } from '../../shared/i18n/labels';
import en from '../../renderer/src/i18n/en.json';
import fr from '../../renderer/src/i18n/fr.json';
import { i18n } from '../../renderer/src/i18n';

/** Values written the same in English and French: proper names, codes, symbols, and words both languages share. */
export const SAME_IN_BOTH = new Set([
  'common.seconds', // {{n}} s
  'granularity.60', // 1 minute
  'workspace.col.total', // Total
  'focusInvoices.col.rowsTotal', // Σ BilledCost
  'focusInvoices.col.source', // Source
  'focusInvoices.total', // Total ({{currency}})
  'columns.instances',
  'columns.timeHelp', // h:mm:ss
  'columns.net',
  'totals.net',
  'audit.col.action',
  'audit.action.import',
  'audit.action.annotate',
  'audit.action.export',
  'annotations.title',
  'billed.col.source',
  'figures.net',
  'intervals.col.instance',
  'intervals.col.source',
  'lines.annotations', // {{n}} annotation(s)
  'calc.n.instances', // {{n}} instance(s)
  'calc.step.countAmount.text', // a formula of figures
  'calc.step.difference.text', // a formula of figures
  'csv.iso', // ISO (2025-05-01)
  'sheet.seconds', // {{label}} (s)
  'audit.csv.action', // Action
]);

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const EN = flatten(en);
const FR = flatten(fr);
const base = (k: string) => k.replace(PLURAL, '');
const placeholders = (v: string) => [...v.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\/?\w+)>/g)].map((m) => m[1] ?? m[2] ?? '').sort();

describe('the message catalogues', () => {
  it('have the same keys in English and French (plural forms aside)', () => {
    const enKeys = new Set([...EN.keys()].map(base));
    const frKeys = new Set([...FR.keys()].map(base));
    expect(
      [...enKeys].filter((k) => !frKeys.has(k)),
      'missing in fr.json',
    ).toEqual([]);
    expect(
      [...frKeys].filter((k) => !enKeys.has(k)),
      'missing in en.json',
    ).toEqual([]);
  });

  it('give every plural form each language needs, and no other', () => {
    for (const [lang, map] of [
      ['en', EN],
      ['fr', FR],
    ] as const) {
      const need = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();
      const forms = new Map<string, string[]>();
      for (const k of map.keys()) {
        const m = PLURAL.exec(k);
        if (m) forms.set(base(k), [...(forms.get(base(k)) ?? []), m[1]!]);
      }
      for (const [k, got] of forms) expect(got.sort(), `${lang}: ${k}`).toEqual(need);
    }
    // A key plural in one language is plural in the other.
    const pluralIn = (map: Map<string, string>) => new Set([...map.keys()].filter((k) => PLURAL.test(k)).map(base));
    expect([...pluralIn(EN)].sort()).toEqual([...pluralIn(FR)].sort());
  });

  it('use the same placeholders and tags in both languages', () => {
    for (const [k, v] of EN) {
      const other = FR.get(k) ?? FR.get(`${base(k)}_other`);
      expect(other, k).toBeDefined();
      // A singular may say "its row" instead of "its 1 row": the count may be left out of it.
      const drop = (xs: string[]) => new Set(PLURAL.test(k) ? xs.filter((x) => x !== 'n' && x !== 'count') : xs);
      expect(drop(placeholders(other!)), k).toEqual(drop(placeholders(v)));
    }
  });

  it('translate every value (a value the same in both languages is listed as such)', () => {
    const same = [...EN].filter(([k, v]) => FR.get(k) === v).map(([k]) => base(k));
    expect(
      [...new Set(same)].filter((k) => !SAME_IN_BOTH.has(k)),
      'untranslated in fr.json',
    ).toEqual([]);
    // The list holds no stale entry.
    expect([...SAME_IN_BOTH].filter((k) => !same.includes(k))).toEqual([]);
  });

  it('the shared words of the domain (kinds, statuses, reviews, credit kinds) exist in both languages', () => {
    const enL = flatten(LABELS.en);
    const frL = flatten(LABELS.fr);
    expect([...frL.keys()].sort()).toEqual([...enL.keys()].sort());
    const same = [...enL].filter(([k, v]) => frL.get(k) === v).map(([k]) => k);
    expect(same.sort()).toEqual(['kind.addon', 'kind.application']);
  });

  it('are what i18next serves: French, its plural forms and the shared labels', async () => {
    await i18n.changeLanguage('fr');
    try {
      expect(i18n.t('workspace.title')).toBe('Espace de travail');
      expect(i18n.t('import.done', { count: 1, n: '1' })).toBe('1 fichier importé.');
      expect(i18n.t('import.done', { count: 0, n: '0' })).toBe('0 fichier importé.');
      expect(i18n.t('import.done', { count: 1_000_000, n: '1 000 000' })).toBe('1 000 000 fichiers importés.');
      expect(i18n.t('labels:status.over_billed')).toBe('Surfacturé');
    } finally {
      await i18n.changeLanguage('en');
    }
    expect(i18n.t('import.done', { count: 2, n: '2' })).toBe('2 files imported.');
  });
});
