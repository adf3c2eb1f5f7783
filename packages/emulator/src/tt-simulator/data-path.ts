export type PathSegment = string | number;

/**
 * Splits a setData key the way the runtime reads it: "user.name", "list[0].title", "grid[1][2]".
 * Dots separate property names, [n] indexes an array.
 */
export function parseDataPath(path: string): PathSegment[] {
  const invalid = () => new SyntaxError(`setData: invalid data path "${path}"`);
  const token = /([^.[\]]+)|\[(\d+)\]|\./y;
  const segments: PathSegment[] = [];
  let expectName = true;
  let position = 0;
  while (position < path.length) {
    token.lastIndex = position;
    const match = token.exec(path);
    if (!match) throw invalid();
    const [text, name, index] = match;
    if (name !== undefined) {
      if (!expectName || name === "__proto__") throw invalid();
      segments.push(name);
      expectName = false;
    } else if (index !== undefined) {
      if (expectName || segments.length === 0) throw invalid();
      segments.push(Number(index));
    } else {
      if (expectName) throw invalid();
      expectName = true;
    }
    position += text.length;
  }
  if (segments.length === 0 || expectName) throw invalid();
  return segments;
}

/** Sets `value` at `path`, creating the objects and arrays on the way, like the runtime does. */
export function setAtPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parseDataPath(path);
  let target: Record<PathSegment, unknown> = data;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as PathSegment;
    const next = target[segment];
    if (typeof next === "object" && next !== null) {
      target = next as Record<PathSegment, unknown>;
    } else {
      const created = typeof segments[i + 1] === "number" ? [] : {};
      target[segment] = created;
      target = created as Record<PathSegment, unknown>;
    }
  }
  target[segments[segments.length - 1] as PathSegment] = value;
}
