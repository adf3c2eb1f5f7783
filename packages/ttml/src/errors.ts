import type { Location } from "./source.ts";

/** One mistake in a template, with the file, line and column it is at. */
export class TtmlError extends Error {
  override readonly name: string = "TtmlError";
  readonly location: Location;
  /** What is wrong, without the location. */
  readonly reason: string;

  constructor(location: Location, reason: string) {
    super(`${location.file}:${location.line}:${location.column}: ${reason}`);
    this.location = location;
    this.reason = reason;
  }
}

/** A template that does not compile (or a page that does not fit it): every mistake found. */
export class TtmlCheckError extends Error {
  override readonly name = "TtmlCheckError";
  readonly errors: readonly TtmlError[];

  constructor(errors: readonly TtmlError[]) {
    const count = errors.length === 1 ? "1 template error" : `${errors.length} template errors`;
    super(`${count}:\n${errors.map((error) => `  ${error.message}`).join("\n")}`);
    this.errors = errors;
  }
}

/** Evaluating a template against data failed: a path that does not exist, a bad tt:for… */
export class TtmlRenderError extends TtmlError {
  override readonly name = "TtmlRenderError";
}

/** Throws a TtmlCheckError when there is anything in `errors`. */
export function throwIfAny(errors: readonly TtmlError[]): void {
  if (errors.length > 0) throw new TtmlCheckError(errors);
}
