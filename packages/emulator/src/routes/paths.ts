export const CONTROL_PREFIX = "/emulator/";

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

export function isControlPath(path: string): boolean {
  return path.startsWith(CONTROL_PREFIX);
}
