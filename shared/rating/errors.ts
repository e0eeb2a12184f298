// Errors raised by the rating module. The message always says what is wrong and where it came from.
import { D, type DecimalValue, isDecimalString } from '../money';
import type { SourceRef } from '../types';

export type RatingErrorCode = 'missing_price_item' | 'invalid_input';

export interface RatingErrorDetails {
  source?: SourceRef;
  /** The price id (or flavor, or countable service) that could not be priced. */
  priceId?: string;
  intervalId?: number;
}

export class RatingError extends Error {
  readonly code: RatingErrorCode;
  readonly source?: SourceRef;
  readonly priceId?: string;
  readonly intervalId?: number;

  constructor(code: RatingErrorCode, message: string, details: RatingErrorDetails = {}) {
    super(message);
    this.name = 'RatingError';
    this.code = code;
    if (details.source !== undefined) this.source = details.source;
    if (details.priceId !== undefined) this.priceId = details.priceId;
    if (details.intervalId !== undefined) this.intervalId = details.intervalId;
  }
}

/** "usage.csv row 12" or "invoice.json record uptimes[3].details[7]". */
export function describeSource(source: SourceRef | undefined): string {
  if (!source) return 'unknown source';
  const where = /^\d+$/.test(source.row) ? `row ${source.row}` : `record ${source.row}`;
  return `${source.file || '(unnamed file)'} ${where}`;
}

export function invalidInput(message: string, source?: SourceRef): RatingError {
  return new RatingError('invalid_input', source ? `${message} (${describeSource(source)})` : message, source ? { source } : {});
}

/** Parse an exact decimal string; anything else is an invalid_input RatingError naming the field and row. */
export function parseDec(value: unknown, field: string, source?: SourceRef): DecimalValue {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!isDecimalString(text)) {
    throw invalidInput(`${field} "${String(value)}" is not a decimal number`, source);
  }
  return new D(text);
}
