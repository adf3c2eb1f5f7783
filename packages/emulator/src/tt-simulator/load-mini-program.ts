import { readFileSync } from "node:fs";
import path from "node:path";
import { format, inspect } from "node:util";
import type { LinkedTemplate } from "@tt/ttml";
import type { SimulatorControl } from "./create-tt.ts";
import { callHook } from "./hooks.ts";
import { createPage, type PageData, type PageHandle, type PageHost } from "./page-handle.ts";
import { checkPageDefinitions, loadPageTemplates, readJson } from "./page-templates.ts";
import { createSandbox, type SandboxConsole } from "./sandbox.ts";

export interface LoadOptions {
  /** The `tt` the program sees: createTt(...) or any object of your own. */
  tt: object;
  /** Also print the program's console output here; by default it is only kept in `logs`. */
  console?: SandboxConsole;
}

export interface LaunchOptions {
  /** Default: the first page of app.json. */
  path?: string;
  query?: Record<string, string>;
  scene?: string;
}

export interface ConsoleEntry {
  level: keyof SandboxConsole;
  text: string;
}

export interface MiniProgram {
  /** What the program passed to App(), as getApp() returns it. */
  readonly app: Record<string, unknown>;
  /** app.json's pages. */
  readonly pages: readonly string[];
  /** Uncaught errors: thrown or rejected by hooks, handlers, timers and tt callbacks. */
  readonly errors: readonly unknown[];
  readonly logs: readonly ConsoleEntry[];
  /** App onLaunch, then onShow. */
  launch(options?: LaunchOptions): void;
  /** Like navigateTo: hides the current page, then onLoad(query), onShow, onReady. */
  openPage<D extends PageData = PageData>(
    route: string,
    query?: Record<string, string>,
  ): PageHandle<D>;
  currentPages(): readonly PageHandle[];
  /** Unloads the pages, hides the app, cancels the program's timers. */
  close(): void;
}

const consoleLevels = ["log", "info", "warn", "error", "debug"] as const;
const recentLogCount = 20;

/**
 * Runs a BUILT mini-program (the folder scripts/build.ts writes) in a `node:vm` sandbox: app.js,
 * then every page of app.json, each registering itself with App() or Page(). Every page's
 * template is compiled first, and checked against its page (handlers, initial data): a mistake
 * throws a TtmlCheckError listing them all.
 */
export function loadMiniProgram(distDir: string, options: LoadOptions): MiniProgram {
  const root = path.resolve(distDir);
  const pages = readPages(root);
  const templates = loadPageTemplates(root, pages);
  const errors: unknown[] = [];
  const logs: ConsoleEntry[] = [];
  const stack: PageHandle[] = [];
  const definitions = new Map<string, Record<string, unknown>>();
  let app: Record<string, unknown> | undefined;
  let loading: { file: string; route?: string } | undefined;
  let launched = false;

  const report = (error: unknown) => {
    errors.push(error);
    if (app) callHook(app, "onError", [inspect(error)], () => undefined);
  };

  const sandboxConsole = Object.fromEntries(
    consoleLevels.map((level) => [
      level,
      (...args: unknown[]) => {
        logs.push({ level, text: format(...args) });
        options.console?.[level](...args);
      },
    ]),
  ) as SandboxConsole;

  const sandbox = createSandbox(
    root,
    {
      tt: options.tt,
      console: sandboxConsole,
      App(definition) {
        if (loading?.file !== "app.js") throw new Error("App() must be called by app.js");
        if (app) throw new Error("App() was called twice");
        app = { ...definition };
      },
      Page(definition) {
        const route = loading?.route;
        if (route === undefined) throw new Error(`Page() called outside a page (${loading?.file})`);
        if (definitions.has(route)) throw new Error(`Page() was called twice by ${route}.js`);
        definitions.set(route, definition);
      },
      getApp: () => app,
      getCurrentPages: () => stack.map((page) => page.instance),
    },
    report,
  );

  loading = { file: "app.js" };
  sandbox.run("app.js");
  const registeredApp = app as Record<string, unknown> | undefined;
  if (!registeredApp) throw new Error(`${root}/app.js did not call App()`);
  for (const route of pages) {
    loading = { file: `${route}.js`, route };
    sandbox.run(`${route}.js`);
    if (!definitions.has(route)) throw new Error(`${route}.js did not call Page()`);
  }
  loading = undefined;
  checkPageDefinitions(templates, definitions);

  const control = (options.tt as { $sim?: SimulatorControl }).$sim;
  const stopListening = control?.onError(report);
  // urlCheck, networkTimeout and usePrivacyCheck, unless createTt was given them.
  control?.applyProgram({
    projectConfig: readJson(root, "project.config.json"),
    appJson: readJson(root, "app.json"),
  });

  const host: PageHost = {
    errors,
    recentLogs: () => logs.slice(-recentLogCount).map((entry) => `[${entry.level}] ${entry.text}`),
    report,
    removePage(handle: PageHandle) {
      const index = stack.indexOf(handle);
      if (index === -1) return;
      stack.splice(index, 1);
      const top = stack.at(-1);
      if (index === stack.length && top) callHook(top.instance, "onShow", [], report);
    },
    userGesture: (run) => (control ? control.gesture.run(run) : run()),
    phoneNumberDetail(detailOptions) {
      if (!control) {
        return Promise.reject(new Error("tapPhoneButton needs the tt of createTt (it has $sim)"));
      }
      return control.phoneNumberDetail(detailOptions);
    },
    agreePrivacy: () => control?.privacy.agree(),
    watchPrompt() {
      let cancel = () => {};
      const prompted = new Promise<void>((resolve) => {
        if (control) {
          const stop = control.privacy.onPrompt(() => resolve());
          cancel = () => void stop();
        }
      });
      return { prompted, cancel: () => cancel() };
    },
    waitingForPrivacy: () => control?.privacy.waiting ?? 0,
  };

  return {
    app: registeredApp,
    pages,
    errors,
    logs,
    launch(launchOptions = {}) {
      if (launched) throw new Error("the program is already launched");
      launched = true;
      const info = {
        path: launchOptions.path ?? pages[0],
        query: launchOptions.query ?? {},
        scene: launchOptions.scene ?? "",
        referrerInfo: {},
        showFrom: 0,
      };
      callHook(registeredApp, "onLaunch", [info], report);
      callHook(registeredApp, "onShow", [info], report);
    },
    openPage<D extends PageData = PageData>(target: string, query: Record<string, string> = {}) {
      if (!launched) throw new Error("launch() the program before opening a page");
      const [route, search] = splitRoute(target);
      const definition = definitions.get(route);
      if (!definition) {
        throw new Error(`"${route}" is not a page of app.json (pages: ${pages.join(", ")})`);
      }
      const pageQuery = { ...Object.fromEntries(new URLSearchParams(search)), ...query };
      const previous = stack.at(-1);
      if (previous) callHook(previous.instance, "onHide", [], report);
      const handle = createPage<D>({
        route,
        query: pageQuery,
        definition,
        template: templates.get(route) as LinkedTemplate,
        host,
      });
      stack.push(handle);
      callHook(handle.instance, "onLoad", [{ ...pageQuery }], report);
      callHook(handle.instance, "onShow", [], report);
      callHook(handle.instance, "onReady", [], report);
      // The first screen: a template error in it fails here.
      handle.render();
      return handle;
    },
    currentPages: () => [...stack],
    close() {
      for (const page of [...stack].reverse()) page.unload();
      if (launched) callHook(registeredApp, "onHide", [], report);
      sandbox.clearTimers();
      stopListening?.();
    },
  };
}

function readPages(root: string): string[] {
  const appJson: unknown = JSON.parse(readFileSync(path.join(root, "app.json"), "utf8"));
  const pages = (appJson as { pages?: unknown }).pages;
  if (!Array.isArray(pages) || pages.length === 0 || pages.some((p) => typeof p !== "string")) {
    throw new Error(`${root}/app.json has no "pages" list`);
  }
  return pages as string[];
}

/** "/pages/a/a?x=1" → ["pages/a/a", "x=1"] */
function splitRoute(target: string): [string, string] {
  const [route = "", search = ""] = target.replace(/^\//, "").split("?", 2);
  return [route, search];
}
