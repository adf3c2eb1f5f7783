const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The plaintext as a JSON object, or undefined when it is not UTF-8 JSON holding an object. */
export function parseJsonObject(plain: Uint8Array): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = STRICT_UTF8.decode(plain);
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
