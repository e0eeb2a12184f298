// The error a call answers with: a contract code and a sentence for the user. Thrown anywhere in
// the core; dispatch turns it into { code, message }.
import type { ApiErrorShape } from './api';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorShape['code'],
    message: string,
  ) {
    super(message);
  }
}
