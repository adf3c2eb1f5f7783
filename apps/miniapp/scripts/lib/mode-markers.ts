import type { BuildMode } from "./target.ts";

/**
 * Templates mark elements that only one mode may show: `emulator-only` (the persona picker, the
 * badge, the emulator's phone button) or `real-only` (Douyin's own getPhoneNumber button). The build
 * keeps the element without the marker in its mode, and removes it with everything inside it in
 * the other, so a real-mode template binds no emulator handler and shows no emulator text.
 */
export const MODE_MARKERS = { emulator: "emulator-only", douyin: "real-only" } as const;

// A start or end tag; quoted attribute values may hold ">" ({{a > b}}).
const tagPattern =
  /<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*)\s*(\/?)>/g;
const markerAttribute = /\s+(emulator-only|real-only)(?=[\s/>]|$)/;

export class TemplateMarkerError extends Error {
  override name = "TemplateMarkerError";
}

interface OpenTag {
  name: string;
  start: number;
  /** Remove from `start` to the end of the matching end tag. */
  drop: boolean;
}

export function applyModeMarkers(source: string, mode: BuildMode, file: string): string {
  const keep = MODE_MARKERS[mode];
  const cuts: { from: number; to: number; replacement: string }[] = [];
  const open: OpenTag[] = [];
  const withoutComments = source.replace(/<!--[\s\S]*?-->/g, (comment) =>
    " ".repeat(comment.length),
  );
  for (const match of withoutComments.matchAll(tagPattern)) {
    const [whole, closing, name = "", attributes = "", selfClosing] = match;
    const start = match.index;
    if (closing) {
      const top = open.pop();
      if (top?.name !== name) {
        throw new TemplateMarkerError(
          `${file}: </${name}> closes ${top ? `<${top.name}>` : "nothing"}`,
        );
      }
      if (top.drop) cuts.push({ from: top.start, to: start + whole.length, replacement: "" });
      continue;
    }
    const marker = markerAttribute.exec(attributes)?.[1];
    const insideDropped = open.some((tag) => tag.drop);
    const drop = marker !== undefined && marker !== keep;
    if (marker !== undefined && !drop && !insideDropped) {
      const at = start + 1 + name.length + (markerAttribute.exec(attributes)?.index ?? 0);
      cuts.push({
        from: at,
        to: at + (markerAttribute.exec(attributes)?.[0].length ?? 0),
        replacement: "",
      });
    }
    if (selfClosing) {
      if (drop && !insideDropped)
        cuts.push({ from: start, to: start + whole.length, replacement: "" });
      continue;
    }
    open.push({ name, start, drop: drop && !insideDropped });
  }
  if (open.length > 0) throw new TemplateMarkerError(`${file}: <${open[0]?.name}> is never closed`);
  let output = source;
  for (const cut of cuts.sort((a, b) => b.from - a.from)) {
    output = output.slice(0, cut.from) + cut.replacement + output.slice(cut.to);
  }
  return output;
}
