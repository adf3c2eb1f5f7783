import type { Problem, ProblemCode } from "@tt/contract";

export { ProblemCode } from "@tt/contract";

export interface DomainErrorOptions {
  /** Which fields were wrong, for a client that shows them next to the input. */
  errors?: Problem["errors"];
  /** When the client may try again (a rate limit, a platform that is busy). */
  retryAfterSeconds?: number;
}

/**
 * What went wrong, in the contract's words: a stable code the client switches on, and a sentence.
 * Services and routes throw it; one place (plugins/app/problems.ts) turns it into HTTP.
 */
export class DomainError extends Error {
  override name = "DomainError";
  readonly errors: Problem["errors"] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    options: DomainErrorOptions = {},
  ) {
    super(detail ?? code);
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
