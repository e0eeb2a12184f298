// How every sheet prints: landscape, one page wide (as many pages down as it takes), the header
// row repeated on each page, and a footer naming the owner, the sheet, the period and the page.
// exceljs's streaming writer honours these only when given to addWorksheet (it writes the sheet's
// <sheetPr> first); the repeated row becomes the workbook's _xlnm.Print_Titles name.
import type { PageSetup } from 'exceljs';

export const PAGE_SETUP: Partial<PageSetup> = Object.freeze({
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0, // as many pages down as the rows need
  printTitlesRow: '1:1',
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.25 },
});

/** Characters of the owner kept in the footer (Excel allows 255 for the whole footer). */
const OWNER_MAX = 80;

/** Text inside a header/footer: `&` starts a code there, `&&` is a literal ampersand. */
function literal(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/&/g, '&&');
}

/**
 * The footer in header/footer codes: owner on the left, sheet name (&A) and period in the
 * centre, "Page &P of &N" on the right.
 */
export function footerText(owner: string, period: string, pageOfPages: string): string {
  const who = [...owner].length > OWNER_MAX ? `${[...owner].slice(0, OWNER_MAX - 1).join('')}…` : owner;
  return `&L${literal(who)}&C&A · ${literal(period)}&R${pageOfPages}`;
}
