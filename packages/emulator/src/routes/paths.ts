export const CONTROL_PREFIX = "/emulator/";

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** The dashboard page: served by the emulator, not a platform call (never counted or faulted). */
export const DASHBOARD_PATH = "/";

export function isControlPath(path: string): boolean {
  return path === DASHBOARD_PATH || path.startsWith(CONTROL_PREFIX);
}
