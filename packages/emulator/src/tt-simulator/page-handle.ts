import { inspect } from "node:util";
import { isDisabled, type LinkedTemplate, type RenderedElement, TtmlRenderError } from "@tt/ttml";
import { setAtPath } from "./data-path.ts";
import { callHook } from "./hooks.ts";
import { dispatchEvent, type EventInit } from "./page-events.ts";
import {
  boundElements,
  buttonsLabelled,
  describeElement,
  type RenderedView,
  renderView,
  shownHandlers,
  templateHandlers,
} from "./page-view.ts";
import type { PhoneNumberDetail, PhoneNumberOptions } from "./phone-number.ts";

export type { EventInit } from "./page-events.ts";

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
   * What the page displays now: the template rendered against the current data. `.text` is a
   * readable tree (print it, or assert on it), `.texts` the text on screen, `.buttons` the
   * buttons. Throws a TtmlRenderError (file and line) when the template reads what is not there.
   */
  render(): RenderedView;
  /**
   * Taps the element on screen that binds tap to `handler` (bindtap, catchtap, bind:tap…): it
   * must be rendered, shown (no `hidden`, no tt:if false) and, for a button or a form control,
   * not disabled. The event bubbles to its ancestors' handlers as on a phone. The synchronous
   * part of each handler runs as a user gesture: tap-only APIs (getUserProfile,
   * requestSubscribeMessage) work there, and fail after its first `await`, as on a phone.
   * `dataset` goes over the element's own data-*; with several such elements it picks the one
   * whose data-* match it (else the first enabled one). Resolves when the handlers are done, or
   * earlier when one of their calls waits for the page's privacy prompt (then tap "Agree").
   */
  tap(handler: string, dataset?: Record<string, unknown>): Promise<void>;
  /**
   * Taps the button on screen whose text is `label` (white space collapsed): its tap handlers
   * run, then what its open-type does (getPhoneNumber: the dialog, then bindgetphonenumber with
   * the detail, which it resolves with, as tapPhoneButton; agreePrivacyAuthorization: the user
   * agrees).
   */
  tapButton(label: string, options?: PhoneNumberOptions): Promise<PhoneNumberDetail | undefined>;
  /** Any event on the element on screen binding it to `handler`: trigger("input", "onInput", {detail}). */
  trigger(type: string, handler: string, init?: EventInit): Promise<void>;
  /**
   * Taps `<button open-type="getPhoneNumber" bindgetphonenumber="handler">` (shown, enabled): the
   * user answers the dialog (options.allow, default `tt.$sim.answers.phoneNumber`), the emulator
   * supplies the detail (`{encryptedData, iv}` or `{code}` by options.flow), then the handler
   * runs with it. Resolves with the detail the handler got, or with undefined when the page's
   * privacy prompt asks first (tap its agree button: the flow then goes on).
   */
  tapPhoneButton(
    handler: string,
    options?: PhoneNumberOptions,
  ): Promise<PhoneNumberDetail | undefined>;
  /**
   * Polls the data until `predicate` holds; rejects on timeout, on an uncaught page error, or on a
   * template error after a setData.
   */
  waitFor(predicate: (data: D) => boolean, timeoutMs?: number): Promise<D>;
  unload(): void;
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
  /** The user tapped an agreePrivacyAuthorization button. */
  agreePrivacy(): void;
  /** Resolves when the page's privacy listener is asked (see DispatchContext.watchPrompt). */
  watchPrompt(): { prompted: Promise<void>; cancel(): void };
  /** Calls held by the page's privacy prompt, for waitFor's timeout message. */
  waitingForPrivacy(): number;
}

export interface PageSetup {
  route: string;
  query: Record<string, string>;
  definition: Record<string, unknown>;
  /** The page's compiled template (with what it imports and includes). */
  template: LinkedTemplate;
  host: PageHost;
}

const pollMs = 10;
const defaultWaitMs = 5_000;

export function createPage<D extends PageData>(setup: PageSetup): PageHandle<D> {
  const { route, query, definition, template, host } = setup;
  const instance = { ...definition } as PageInstance<D>;
  instance.data = toViewData(definition.data ?? {}) as D;
  instance.route = route;
  instance.options = { ...query };
  // Template errors met when re-rendering after a setData: they fail the next tap or waitFor.
  const templateErrors: TtmlRenderError[] = [];
  instance.setData = (patch, callback) => {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      throw new TypeError(`${route}: setData expects an object`);
    }
    for (const [key, value] of Object.entries(patch)) {
      setAtPath(instance.data, key, toViewData(value));
    }
    rerender();
    // The real callback runs once the view has rendered: later, never synchronously.
    if (typeof callback === "function") {
      setImmediate(() => callHook({ callback }, "callback", [], host.report));
    }
  };

  const rerender = () => {
    try {
      renderView(template, instance.data);
    } catch (error) {
      if (!(error instanceof TtmlRenderError)) throw error;
      templateErrors.push(error);
      host.report(error);
    }
  };

  const errorsBefore = host.errors.length;
  let unloaded = false;
  const context = {
    route,
    instance,
    userGesture: host.userGesture,
    watchPrompt: host.watchPrompt,
    report: host.report,
  };

  /** Renders now; the element binding `type` to `handler` that the user can reach. */
  const target = (type: string, handler: string, dataset?: Record<string, unknown>) => {
    if (unloaded) throw new Error(`${route} is unloaded`);
    const view = handle.render();
    const bound = boundElements(view, type, handler);
    if (bound.length === 0) {
      const shown = shownHandlers(view, type);
      const elsewhere = templateHandlers(template, type).filter((name) => !shown.includes(name));
      throw new Error(
        `${route}: nothing on screen binds ${type} to "${handler}" (on screen, ${type}: ${shown.join(", ") || "none"}${
          elsewhere.length > 0
            ? `; in the template but not on screen now: ${elsewhere.join(", ")}`
            : ""
        })\n${view.text}`,
      );
    }
    const enabled = bound.filter((element) => !isDisabled(element));
    const [first] = bound;
    if (enabled.length === 0 && first) {
      throw new Error(
        `${route}: ${describeElement(first)} is disabled: its ${type} does not reach "${handler}"`,
      );
    }
    const matching =
      dataset === undefined
        ? undefined
        : enabled.find((element) =>
            Object.entries(dataset).every(([key, value]) => element.dataset[key] === value),
          );
    return (matching ?? enabled[0]) as RenderedElement;
  };

  /** Runs `action`, then fails if it left a template error behind. */
  const settled = async <T>(action: () => Promise<T>): Promise<T> => {
    const before = templateErrors.length;
    const result = await action();
    const error = templateErrors[before];
    if (error) throw error;
    return result;
  };

  const phoneFlow = async (element: RenderedElement, options?: PhoneNumberOptions) => {
    const openType = element.attributes["open-type"];
    if (openType !== "getPhoneNumber") {
      throw new Error(
        `${route}: ${describeElement(element)} binds getphonenumber but needs open-type="getPhoneNumber" (has ${JSON.stringify(openType ?? null)}), or the event never fires`,
      );
    }
    // The page's privacy prompt may ask first: then the flow goes on once the user answers it.
    const prompt = host.watchPrompt();
    try {
      const flow = host.phoneNumberDetail(options).then(async (detail) => {
        await dispatchEvent(context, element, "getphonenumber", { detail });
        return detail;
      });
      const first = await Promise.race([flow, prompt.prompted.then(() => undefined)]);
      if (first === undefined) flow.catch(host.report);
      return first;
    } finally {
      prompt.cancel();
    }
  };

  const handle: PageHandle<D> = {
    route,
    query,
    instance,
    get data() {
      return instance.data;
    },
    setData: (patch, callback) => instance.setData(patch, callback),
    render: () => renderView(template, instance.data),
    tap: (handler, dataset) => handle.trigger("tap", handler, dataset ? { dataset } : {}),
    trigger(type, handler, init = {}) {
      return settled(async () => {
        const element = target(type, handler, init.dataset);
        await dispatchEvent(context, element, type, init);
      });
    },
    tapPhoneButton(handler, options) {
      return settled(() => phoneFlow(target("getphonenumber", handler), options));
    },
    tapButton(label, options) {
      return settled(async () => {
        if (unloaded) throw new Error(`${route} is unloaded`);
        const view = handle.render();
        const buttons = buttonsLabelled(view, label);
        const button = buttons.find((element) => !isDisabled(element));
        if (!button) {
          const [disabled] = buttons;
          if (disabled) throw new Error(`${route}: ${describeElement(disabled)} is disabled`);
          const labels = view.buttons.map(
            (shown) => `"${shown.label}"${shown.disabled ? " (disabled)" : ""}`,
          );
          throw new Error(
            `${route}: no button "${label}" on screen (buttons: ${labels.join(", ") || "none"})\n${view.text}`,
          );
        }
        await dispatchEvent(context, button, "tap");
        const openType = button.attributes["open-type"];
        if (openType === "getPhoneNumber") return phoneFlow(button, options);
        if (openType === "agreePrivacyAuthorization") {
          host.agreePrivacy();
          await dispatchEvent(context, button, "agreeprivacyauthorization");
        }
        return undefined;
      });
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
              ...(host.waitingForPrivacy() > 0
                ? [
                    `${host.waitingForPrivacy()} call(s) wait for the privacy prompt: tap its agree button, or createTt({ privacyAgreed: true })`,
                  ]
                : []),
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
