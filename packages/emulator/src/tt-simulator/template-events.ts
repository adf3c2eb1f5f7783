import { readFileSync } from "node:fs";

/**
 * Event bindings in a page template: event type → handler names, from attributes such as
 * bindtap="onRetry", catchtap="…", bind:tap="…". Handlers given as {{expressions}} are skipped.
 */
export function readEventBindings(ttmlFile: string): Map<string, Set<string>> {
  const bindings = new Map<string, Set<string>>();
  const source = readFileSync(ttmlFile, "utf8");
  const attribute = /\s(?:capture-)?(?:bind|catch):?([a-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const [, event, doubleQuoted, singleQuoted] of source.matchAll(attribute)) {
    const handler = doubleQuoted ?? singleQuoted;
    if (!event || !handler || handler.includes("{{")) continue;
    const handlers = bindings.get(event) ?? new Set<string>();
    handlers.add(handler.trim());
    bindings.set(event, handlers);
  }
  return bindings;
}
