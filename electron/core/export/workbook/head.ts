// Reads back the audit head a workbook's Summary states ("Audit head" → "N:HASH"), without loading
// its other sheets (Details may hold a million rows): only the Summary sheet's XML is inflated.
// Cells written by this exporter are inline strings; a workbook saved again by a spreadsheet
// program has shared strings instead: both are read.
import fsp from 'node:fs/promises';
import JSZip from 'jszip';
import { parseAuditHead, type AuditHead } from '../../../../shared/audit-head';

const KEY = 'Audit head';

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

const texts = (xml: string) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('');

async function entry(zip: JSZip, name: string, file: string): Promise<string> {
  const e = zip.file(name);
  if (!e) throw new Error(`${file} is not a Slicewise workbook (it has no ${name})`);
  return e.async('string');
}

/** The Summary sheet's part in the package, found through the workbook's relationships. */
async function summaryPart(zip: JSZip, file: string): Promise<string> {
  const book = await entry(zip, 'xl/workbook.xml', file);
  const sheet = [...book.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((tag) => /\bname="Summary"/.test(tag));
  const rid = sheet && /\br:id="([^"]+)"/.exec(sheet)?.[1];
  if (!rid) throw new Error(`${file} has no Summary sheet`);
  const rels = await entry(zip, 'xl/_rels/workbook.xml.rels', file);
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`Id="${rid}"`));
  const target = rel && /\bTarget="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new Error(`${file}: the Summary sheet cannot be found in the package`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** The audit head of a workbook's Summary (read from `bytes` when given). Throws a sentence naming the file when it has none. */
export async function workbookAuditHead(file: string, bytes?: Buffer): Promise<AuditHead> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes ?? (await fsp.readFile(file)));
  } catch (err) {
    throw new Error(`${file} cannot be read as a workbook (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const sheet = await entry(zip, await summaryPart(zip, file), file);
  const sharedXml = zip.file('xl/sharedStrings.xml') ? await entry(zip, 'xl/sharedStrings.xml', file) : '';
  const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]!));
  const cellText = (attrs: string, body: string) => {
    const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
    const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
    if (type === 's') return shared[Number(v)] ?? '';
    if (type === 'inlineStr') return texts(body);
    return v === undefined ? '' : unescapeXml(v);
  };
  for (const row of sheet.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells = [...row[1]!.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => cellText(c[1]!, c[2] ?? ''));
    if (cells[0] === KEY) {
      try {
        return parseAuditHead(cells[1] ?? '');
      } catch (err) {
        throw new Error(`${file}: its Summary's ${KEY}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  throw new Error(`${file} states no ${KEY} in its Summary (exported before Slicewise recorded it?)`);
}
