const MAX_MESSAGE_LENGTH = 500;
/** Shorter values are not searched for: redacting "a" would mangle every message. */
const MIN_SENSITIVE_LENGTH = 4;

/** Removes secrets, codes and keys a platform message might echo, and bounds its length. */
export function redact(message: string, sensitive: readonly (string | undefined)[]): string {
  let safe = message;
  for (const value of sensitive) {
    if (value !== undefined && value.length >= MIN_SENSITIVE_LENGTH) {
      safe = safe.split(value).join("[redacted]");
    }
  }
  return safe.length > MAX_MESSAGE_LENGTH ? `${safe.slice(0, MAX_MESSAGE_LENGTH)}…` : safe;
}
