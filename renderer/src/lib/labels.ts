// Display names of the domain's enumerations, in the workspace's locale. The words of kinds,
// statuses, review states and credit kinds live in shared/i18n/labels.ts (the workbook uses them
// too); the rest are the renderer's catalogue's (renderer/src/i18n/*.json).
import { LABELS, type Labels } from '../../../shared/i18n/labels';
import { IMPORT_FORMATS, type ImportFormat, type LEGACY_GRANULARITIES, type LineStatus } from '../../../shared/types';
import { currentLocale, t } from '../i18n';

/** The shared words (kind, status, review, creditKind) of the current locale. */
export function labels(): Labels {
  return LABELS[currentLocale()];
}

/** Short names for dense tables (the full name is in the chip's tooltip). */
export function statusShort(s: LineStatus): string {
  return t(`statusShort.${s}`);
}

/** Shortest names, on the per-status count chips of the Workspace's period rows. */
export function statusCount(s: LineStatus): string {
  return t(`statusCount.${s}`);
}

export function formatName(f: ImportFormat): string {
  return t(`format.${f}`);
}

/** A format named by the server (a batch, a preview): its label, or the code itself. */
export function formatLabel(format: string): string {
  return isFormat(format) ? formatName(format) : format;
}

function isFormat(f: string): f is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(f);
}

type Granularity = (typeof LEGACY_GRANULARITIES)[number];

/** The legacy granularity in the Settings choice. */
export function granularityLabel(g: Granularity): string {
  return t(`granularity.${g}`);
}

/** The header of the invoice's legacy-amount column. */
export function legacyColumnLabel(g: Granularity): string {
  return t(`legacyColumn.${g}`);
}
