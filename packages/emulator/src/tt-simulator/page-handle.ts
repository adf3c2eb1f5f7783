import { inspect } from "node:util";
import { setAtPath } from "./data-path.ts";
import { gestureEvents } from "./gesture.ts";
import { callHook } from "./hooks.ts";
import type { PhoneNumberDetail, PhoneNumberOptions } from "./phone-number.ts";
import type { PageTemplate } from "./template-events.ts";

// biome-ignore lint/suspicious/noExplicitAny: page data is whatever the page puts there
export type PageData = Record<string, any>;

/** The page's `this`: its definition's methods, `data`, `setData`, `route` and `options`. */
export type PageInstance<D extends PageData = PageData> = Record<string, unknown> & {
  data: D;
  route: string;
  options: Record<string, string>;
  setData(patch: Record<string, unknown>, callback?: () => void): void;
};

export interface PageHandle<D extends PageData = PageData> {
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
  readonly instance: PageInstance<D>;
  /** The page's data now (the live object: read it, change it with setData). */
  readonly data: D;
  setData(patch: Record<string, unknown>, callback?: () => void): void;
  /**
   * Taps an element bound with bindtap="handler" (checked against the template). The handler's
   * synchronous part runs as a user gesture: tap-only APIs (getUserProfile,
   * requestSubscribeMessage) work there, and fail after its first `await`, as on a phone.
   */
  tap(handler: string, dataset?: Record<string, unknown>): Promise<void>;
  /** Any event: trigger("input", "onInput", { detail: { value: "x" } }). Taps are gestures. */
  trigger(type: string, handler: string, init?: EventInit): Promise<void>;
  /**
   * Taps `<button open-type="getPhoneNumber" bindgetphonenumber="handler">`: the user answers the
   * dialog (options.allow, default `tt.$sim.answers.phoneNumber`), the emulator supplies the
   * detail (`{encryptedData, iv}` or `{code}` by options.flow), then the handler runs with it.
   * Resolves with the detail the handler got.
   */
  tapPhoneButton(handler: string, options?: PhoneNumberOptions): Promise<PhoneNumberDetail>;
  /** Polls the data until `predicate` holds; rejects on timeout or on an uncaught page error. */
  waitFor(predicate: (data: D) => boolean, timeoutMs?: number): Promise<D>;
  unload(): void;
}

export interface EventInit {
  detail?: unknown;
  dataset?: Record<string, unknown>;
}

/** What a page needs from the program around it. */
export interface PageHost {
  readonly errors: readonly unknown[];
  readonly recentLogs: () => string[];
  report(error: unknown): void;
  removePage(handle: PageHandle): void;
  /** Runs an event handler's synchronous part as a user gesture. */
  userGesture<T>(run: () => T): T;
  phoneNumberDetail(options?: PhoneNumberOptions): Promise<PhoneNumberDetail>;
}

export interface PageSetup {
  route: string;
  query: Record<string, string>;
  definition: Record<string, unknown>;
  /** The page's template: what its elements bind. */
  template: PageTemplate;
  host: PageHost;
}

const pollMs = 10;
const defaultWaitMs = 5_000;

export function createPage<D extends PageData>(setup: PageSetup): PageHandle<D> {
  const { route, query, definition, template, host } = setup;
  const { events } = template;
  const instance = { ...definition } as PageInstance<D>;
  instance.data = toViewData(definition.data ?? {}) as D;
  instance.route = route;
  instance.options = { ...query };
  instance.setData = (patch, callback) => {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      throw new TypeError(`${route}: setData expects an object`);
    }
    for (const [key, value] of Object.entries(patch))
      setAtPath(instance.data, key, toViewData(value));
    // The real callback runs once the view has rendered: later, never synchronously.
    if (typeof callback === "function") {
      setImmediate(() => callHook({ callback }, "callback", [], host.report));
    }
  };

  const errorsBefore = host.errors.length;
  let unloaded = false;

  const handle: PageHandle<D> = {
    route,
    query,
    instance,
    get data() {
      return instance.data;
    },
    setData: (patch, callback) => instance.setData(patch, callback),
    tap: (handler, dataset = {}) => handle.trigger("tap", handler, { dataset }),
    async trigger(type, handler, init = {}) {
      if (unloaded) throw new Error(`${route} is unloaded`);
      const bound = events.get(type) ?? new Set();
      if (!bound.has(handler)) {
        const known = [...bound].join(", ") || "none";
        throw new Error(
          `${route}.ttml binds no ${type} to "${handler}" (bound to ${type}: ${known})`,
        );
      }
      const method = instance[handler];
      if (typeof method !== "function") {
        throw new Error(
          `${route}.ttml binds ${type} to "${handler}", which the page does not define`,
        );
      }
      const dataset = init.dataset ?? {};
      const target = { id: "", dataset };
      const event = {
        type,
        timeStamp: Date.now(),
        detail: init.detail ?? {},
        target,
        currentTarget: target,
        touches: [],
        changedTouches: [],
      };
      const run = () => method.call(instance, event);
      // Only the synchronous part is the gesture: what follows an await is not.
      await (gestureEvents.has(type) ? host.userGesture(run) : run());
    },
    async tapPhoneButton(handler, options) {
      const button = template.elements.find(
        (element) => element.bindings.get("getphonenumber") === handler,
      );
      if (!button) {
        throw new Error(`${route}.ttml binds no getphonenumber to "${handler}"`);
      }
      if (button.openType !== "getPhoneNumber") {
        throw new Error(
          `${route}.ttml: the element binding getphonenumber to "${handler}" needs open-type="getPhoneNumber" (has ${JSON.stringify(button.openType ?? null)}), or the event never fires`,
        );
      }
      const detail = await host.phoneNumberDetail(options);
      await handle.trigger("getphonenumber", handler, { detail });
      return detail;
    },
    async waitFor(predicate, timeoutMs = defaultWaitMs) {
      const deadline = Date.now() + timeoutMs;
      let lastError: unknown;
      for (;;) {
        const pageError = host.errors[errorsBefore];
        if (pageError !== undefined) {
          throw new Error(`${route}: uncaught error while waiting: ${inspect(pageError)}`);
        }
        try {
          if (predicate(instance.data)) return instance.data;
        } catch (error) {
          lastError = error; // e.g. reading data.user.id while user is still null
        }
        if (Date.now() >= deadline) {
          throw new Error(
            [
              `${route}: waitFor timed out after ${timeoutMs} ms`,
              `data: ${JSON.stringify(instance.data)}`,
              ...(lastError === undefined ? [] : [`predicate threw: ${inspect(lastError)}`]),
              "recent console output:",
              ...host.recentLogs().map((line) => `  ${line}`),
            ].join("\n"),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    unload() {
      if (unloaded) return;
      unloaded = true;
      callHook(instance, "onUnload", [], host.report);
      host.removePage(handle);
    },
  };
  return handle;
}

/** Page data crosses to the view as JSON: a copy, without functions and undefined fields. */
function toViewData(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : JSON.parse(json);
}
