/**
 * Whether the page is running the synchronous part of a user's tap. APIs such as getUserProfile and
 * requestSubscribeMessage only work there on a phone: called after an `await` (a request, a
 * tt.login) they fail, so a page must call them first thing in its tap handler.
 */
export class UserGesture {
  #depth = 0;

  get active(): boolean {
    return this.#depth > 0;
  }

  /** Runs `handler` as (the synchronous part of) a user gesture. */
  run<T>(handler: () => T): T {
    this.#depth += 1;
    try {
      return handler();
    } finally {
      this.#depth -= 1;
    }
  }
}

/** Events that come from the user's finger: their handlers may call the tap-only APIs. */
export const gestureEvents: ReadonlySet<string> = new Set([
  "tap",
  "longpress",
  "longtap",
  "touchend",
  "getphonenumber",
  "getuserinfo",
]);
