import { BUBBLING_EVENTS, type RenderedElement } from "@tt/ttml";
import { gestureEvents } from "./gesture.ts";
import { describeElement } from "./page-view.ts";

export interface EventInit {
  detail?: unknown;
  /** Merged over the element's own data-* (event.target.dataset). */
  dataset?: Record<string, unknown>;
}

export interface DispatchContext {
  route: string;
  instance: Record<string, unknown>;
  /** Runs an event handler's synchronous part as a user gesture. */
  userGesture<T>(run: () => T): T;
  /** Resolves when the page asks the user something (its privacy prompt); `cancel` stops watching. */
  watchPrompt(): { prompted: Promise<void>; cancel(): void };
  /** Where a handler's failure goes once the event has been handed back to the test. */
  report(error: unknown): void;
}

/**
 * Delivers an event on `target` as the runtime does: `capture-bind`/`capture-catch` handlers from
 * the page's root down to the target, then the target's `bind`/`catch` handlers and, for a
 * bubbling event (tap, longpress, touch*), its ancestors' up to the root; a `catch` stops it.
 * Each handler's synchronous part runs as a gesture for finger events. Resolves once every
 * handler (and the promise it returns) is done; a handler's exception rejects. It also resolves
 * when a handler's call waits for the user (the page's privacy prompt): the handlers go on, and
 * their later failures are reported as the page's uncaught errors.
 */
export async function dispatchEvent(
  context: DispatchContext,
  target: RenderedElement,
  type: string,
  init: EventInit = {},
): Promise<void> {
  const path: RenderedElement[] = [];
  for (
    let element: RenderedElement | undefined = target;
    element?.parent;
    element = element.parent
  ) {
    path.unshift(element);
  }
  const calls: Array<{ element: RenderedElement; handler: string }> = [];
  let stopped = false;
  for (const element of path) {
    if (stopped) break;
    for (const binding of element.events) {
      if (binding.event !== type || !binding.phase.startsWith("capture-")) continue;
      calls.push({ element, handler: binding.handler });
      if (binding.phase === "capture-catch") stopped = true;
    }
  }
  const bubbling = BUBBLING_EVENTS.has(type) ? [...path].reverse() : [target];
  for (const element of bubbling) {
    if (stopped) break;
    for (const binding of element.events) {
      if (binding.event !== type || binding.phase.startsWith("capture-")) continue;
      calls.push({ element, handler: binding.handler });
      if (binding.phase === "catch") stopped = true;
    }
  }

  const targetView = { id: idOf(target), dataset: { ...target.dataset, ...init.dataset } };
  const results: unknown[] = [];
  const prompt = context.watchPrompt();
  try {
    for (const { element, handler } of calls) {
      const method = context.instance[handler];
      if (typeof method !== "function") {
        throw new Error(
          `${context.route}: ${describeElement(element)} binds ${type} to "${handler}", which the page does not define`,
        );
      }
      const currentTarget =
        element === target ? targetView : { id: idOf(element), dataset: { ...element.dataset } };
      const event = {
        type,
        timeStamp: Date.now(),
        detail: init.detail ?? {},
        target: targetView,
        currentTarget,
        touches: [],
        changedTouches: [],
      };
      const run = () => method.call(context.instance, event);
      // Only the synchronous part is the gesture: what follows an await is not.
      results.push(gestureEvents.has(type) ? context.userGesture(run) : run());
    }
    const all = Promise.all(results);
    const prompted = await Promise.race([all.then(() => false), prompt.prompted.then(() => true)]);
    if (prompted) all.catch(context.report);
  } finally {
    prompt.cancel();
  }
}

function idOf(element: RenderedElement): string {
  const id = element.attributes.id;
  return typeof id === "string" ? id : "";
}
