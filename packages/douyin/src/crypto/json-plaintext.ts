// Stryker disable next-line StringLiteral: an unknown encoding label throws while the module loads, which Stryker's Vitest runner reports as no test run (survived), not as the failure it is
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The plaintext as a JSON object, or undefined when it is not UTF-8 JSON holding an object. */
export function parseJsonObject(plain: Uint8Array): Record<string, unknown> | undefined {
  let value: unknown;
  // Stryker disable BlockStatement: equivalent for the catch block, without its return value stays undefined, which the check below refuses as well (a next-line directive cannot reach a catch block)
  try {
    // Invalid UTF-8 throws (fatal), and so does text that is not JSON.
    value = JSON.parse(STRICT_UTF8.decode(plain));
  } catch {
    return undefined;
  }
  // Stryker restore BlockStatement
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
