import type { ErrorCategory } from './categories';
import { ERROR_CODES, type ErrorCode } from './codes';

/**
 * The root of every error Stacks raises on purpose. Each carries a stable `code` from the
 * registry in codes.ts; the HTTP layer maps it to problem+json, the CLI to a message and an
 * exit code. Domain code never throws HTTP errors.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get title(): string {
    return ERROR_CODES[this.code].title;
  }

  get category(): ErrorCategory {
    return ERROR_CODES[this.code].category;
  }
}
