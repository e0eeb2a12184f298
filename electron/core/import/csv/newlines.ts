// Line breaks as a spreadsheet reads them: CRLF, LF and a lone CR each end a row, whatever their
// mix in one file (docs/importers.md, "Line breaks"). papaparse takes one line-break sequence per
// parse (its `newline` option, or the first it meets when left out), so in a file whose rows end
// in CRLF and LF alike it reads every row after the first other ending as part of the row before
// it. The text is therefore normalised here to LF, chunk by chunk, before papaparse reads it with
// `newline: '\n'`; inside a quoted field too, so a line break in a cell is stored as LF (as a
// spreadsheet cell holds it).

/** The line break papaparse reads after normalisation. */
export const NEWLINE = '\n';

const CR_BREAK = /\r\n?/g;

/** Replaces CRLF and lone CR by LF in a text read in chunks (a CR ending a chunk waits for the next one's first character). */
export class NewlineNormalizer {
  private heldCR = false;

  push(chunk: string, last: boolean): string {
    let s = this.heldCR ? `\r${chunk}` : chunk;
    this.heldCR = false;
    if (!last && s.charCodeAt(s.length - 1) === 13) {
      s = s.slice(0, -1);
      this.heldCR = true;
    }
    // An LF-only file (the most common) is passed through without a copy.
    return s.indexOf('\r') < 0 ? s : s.replace(CR_BREAK, NEWLINE);
  }
}

/** A whole text (a file's head) with its line breaks normalised to LF. */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(CR_BREAK, NEWLINE);
}
