/**
 * The simulator compiles every page's template when it loads a program, renders the page after
 * each setData, and lets a test tap only what is on screen and enabled. Each broken fixture must
 * fail loudly, naming the file and line.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  TtmlCheckError,
  TtmlRenderError,
} from "../src/tt-simulator/index.ts";
import { onePage, writeProgram } from "./support/program.ts";

const cleanups: Array<() => void> = [];
let program: MiniProgram | undefined;
afterEach(() => {
  program?.close();
  program = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Loads a program of the given files; no tt call reaches an emulator here. */
function load(files: Record<string, string>): MiniProgram {
  const { root, remove } = writeProgram(files);
  cleanups.push(remove);
  program = loadMiniProgram(root, { tt: createTt({ emulatorUrl: "http://127.0.0.1:9" }) });
  return program;
}

const loadError = (files: Record<string, string>): TtmlCheckError => {
  try {
    load(files);
  } catch (error) {
    if (error instanceof TtmlCheckError) return error;
    throw error;
  }
  throw new Error("the program loaded");
};

const page = (data: string, methods = "") => `Page({ data: ${data}, ${methods} });`;

describe("loading refuses a template that Douyin would not compile", () => {
  it("an unclosed {{", () => {
    const error = loadError(
      onePage(page("{ user: { name: 'Ada' } }"), "<view>\n  <text>{{user.name</text>\n</view>"),
    );
    expect(error.message).toBe(
      '1 template error:\n  pages/p/p.ttml:2:9: unclosed "{{": no "}}" after it',
    );
  });

  it("an unknown component", () => {
    expect(loadError(onePage(page("{}"), "<view>\n  <card>hi</card>\n</view>")).message).toMatch(
      /pages\/p\/p\.ttml:2:3: unknown component <card>/,
    );
  });

  it("an expression outside TTML's subset", () => {
    expect(loadError(onePage(page("{ a: 1 }"), "<text>{{ a + }}</text>")).message).toMatch(
      /pages\/p\/p\.ttml:1:13: \{\{ a \+ \}\}: unexpected end of expression/,
    );
    expect(
      loadError(onePage(page("{ list: [] }"), "<text>{{ list.join(',') }}</text>")).message,
    ).toMatch(/function calls are not supported/);
  });

  it("an unclosed tag, listing the mistakes of every page", () => {
    const files = {
      ...onePage(page("{}"), "<view><text>a</text>"),
      "app.json": JSON.stringify({ pages: ["pages/p/p", "pages/q/q"] }),
      "pages/q/q.js": page("{}"),
      "pages/q/q.ttml": "<view><foo/></view>",
    };
    expect(loadError(files).errors.map((error) => error.message)).toEqual([
      "pages/p/p.ttml:1:1: <view> is never closed: add </view> or write <view />",
      "pages/q/q.ttml:1:7: unknown component <foo>: not a Douyin component (declare custom components in usingComponents)",
    ]);
  });

  it("accepts custom components declared in usingComponents", () => {
    const files = onePage(page("{}"), "<my-card/>", {
      "pages/p/p.json": JSON.stringify({ usingComponents: { "my-card": "/components/card" } }),
    });
    expect(() => load(files)).not.toThrow();
  });
});

describe("loading refuses a page that does not fit its template", () => {
  it("a bind to a method the page lacks", () => {
    const files = onePage(page("{}", "onRetry() {}"), '<button bindtap="onRetri">Retry</button>');
    expect(loadError(files).message).toMatch(
      /pages\/p\/p\.ttml:1:9: bindtap="onRetri": the page has no method "onRetri" \(its methods: onRetry\)/,
    );
  });

  it("a data path with a typo: {{user.nam}}", () => {
    const files = onePage(page("{ user: { name: 'Ada' } }"), "<text>Hi {{user.nam}}</text>");
    expect(loadError(files).message).toMatch(
      /pages\/p\/p\.ttml:1:12: \{\{user\.nam\}\}: "user" has no "nam" in the page's initial data \(it has: name\)/,
    );
  });

  it("a name that is not in the data at all", () => {
    expect(loadError(onePage(page("{ user: null }"), "<text>{{usr}}</text>")).message).toMatch(
      /"usr" is not in the page's data \(it has: user\)/,
    );
  });
});

describe("rendering", () => {
  const script = `Page({
  data: { status: "loading", user: null, busy: false, items: [] },
  onRetry() { this.setData({ status: "loading" }); },
  onLogout() { this.setData({ busy: true }); },
  show(user) { this.setData({ status: "ready", user }); },
  fail() { this.setData({ status: "error" }); },
});`;
  const template = `<view class="page">
  <text tt:if="{{status === 'loading'}}">Loading…</text>
  <view tt:elif="{{status === 'error'}}">
    <text>Something went wrong</text>
    <button bindtap="onRetry">Try again</button>
  </view>
  <view tt:else>
    <text>Hello {{user.name}}</text>
    <text tt:for="{{items}}" tt:key="*this">{{index + 1}}. {{item}}</text>
    <button disabled="{{busy}}" bindtap="onLogout">Log out</button>
  </view>
</view>`;

  it("shows what the page displays in each state", () => {
    const home = load(onePage(script, template));
    home.launch();
    const view = home.openPage("pages/p/p");
    expect(view.render().text).toBe('view\n  text "Loading…"');
    (view.instance.fail as () => void)();
    expect(view.render().text).toBe(
      'view\n  view\n    text "Something went wrong"\n    button "Try again" [bindtap=onRetry]',
    );
    (view.instance.show as (user: unknown) => void)({ name: "Ada" });
    view.setData({ items: ["one", "two"], busy: true });
    const ready = view.render();
    expect(ready.texts).toEqual(["Hello Ada", "1. one", "2. two", "Log out"]);
    expect(ready.buttons).toEqual([
      { label: "Log out", disabled: true, openType: undefined, handlers: { tap: "onLogout" } },
    ]);
    expect(`${ready}`).toContain('button "Log out" [bindtap=onLogout, disabled]');
  });

  it("fails the test on a template error after a setData: the tap that caused it, and waitFor", async () => {
    const files = onePage(
      `Page({
  data: { user: null },
  onLoadUser() { this.setData({ user: { id: 1 } }); },
});`,
      '<button bindtap="onLoadUser">Load</button>\n<text tt:if="{{user}}">{{user.name}}</text>',
    );
    const mp = load(files);
    mp.launch();
    const view = mp.openPage("pages/p/p");
    const tapped = view.tap("onLoadUser");
    await expect(tapped).rejects.toThrow(TtmlRenderError);
    await expect(tapped).rejects.toThrow(
      'pages/p/p.ttml:2:26: {{user.name}}: reads "user.name", but "user" has no "name" (it has: id)',
    );
    await expect(view.waitFor(() => false, 1_000)).rejects.toThrow(
      /uncaught error while waiting: .*user\.name/s,
    );
    expect(() => view.render()).toThrow(TtmlRenderError);
    expect(mp.errors).toHaveLength(1);
  });

  it("fails openPage when the first screen reads what is not there", () => {
    const files = onePage(
      `Page({ data: { user: null }, onLoad() { this.setData({ user: {} }); } });`,
      "<text>{{user && user.name}}</text>",
    );
    const mp = load(files);
    mp.launch();
    expect(() => mp.openPage("pages/p/p")).toThrow(/reads "user\.name", but "user" has no "name"/);
  });
});

describe("tapping what is on screen", () => {
  const script = `Page({
  data: { busy: false, more: false, log: [], rows: [{ id: "a" }, { id: "b" }] },
  push(entry) { this.setData({ log: this.data.log.concat([entry]) }); },
  onSave() { this.push("save"); },
  onMore() { this.push("more"); },
  onRow(event) { this.push("row " + event.currentTarget.dataset.id); },
  onCard(event) { this.push("card from " + event.target.dataset.id); },
  onInner() { this.push("inner"); },
  onCapture() { this.push("capture"); },
  onHidden() { this.push("hidden"); },
});`;
  const template = `<view capture-bind:tap="onCapture">
  <button disabled="{{busy}}" bindtap="onSave">Save</button>
  <button tt:if="{{more}}" bindtap="onMore">More</button>
  <view hidden="{{!more}}"><button bindtap="onHidden">Hidden</button></view>
  <view bindtap="onCard">
    <view tt:for="{{rows}}" tt:key="id" data-id="{{item.id}}" bindtap="onRow">{{item.id}}</view>
    <button catchtap="onInner">Inner</button>
  </view>
</view>`;

  const open = () => {
    const mp = load(onePage(script, template));
    mp.launch();
    return mp.openPage("pages/p/p");
  };

  it("refuses a disabled button, and taps it once enabled", async () => {
    const view = open();
    view.setData({ busy: true });
    await expect(view.tap("onSave")).rejects.toThrow(
      'pages/p/p: <button> "Save" (pages/p/p.ttml:2) is disabled: its tap does not reach "onSave"',
    );
    await expect(view.tapButton("Save")).rejects.toThrow(/<button> "Save" .* is disabled/);
    expect(view.data.log).toEqual([]);
    view.setData({ busy: false });
    await view.tapButton("Save");
    expect(view.data.log).toEqual(["capture", "save"]);
  });

  it("refuses what tt:if does not render and what hidden hides", async () => {
    const view = open();
    await expect(view.tap("onMore")).rejects.toThrow(
      /nothing on screen binds tap to "onMore" \(on screen, tap: onCapture, onSave, onCard, onRow, onInner; in the template but not on screen now: onMore, onHidden\)/,
    );
    await expect(view.tap("onHidden")).rejects.toThrow(/nothing on screen binds tap to "onHidden"/);
    await expect(view.tapButton("More")).rejects.toThrow(
      /no button "More" on screen \(buttons: "Save", "Inner"\)/,
    );
    view.setData({ more: true });
    await view.tap("onMore");
    await view.tap("onHidden");
    expect(view.data.log).toEqual(["capture", "more", "capture", "hidden"]);
  });

  it("bubbles a tap to the ancestors' handlers, stops at catch, and picks a row by its data-*", async () => {
    const view = open();
    await view.tap("onRow", { id: "b" });
    expect(view.data.log).toEqual(["capture", "row b", "card from b"]);
    view.setData({ log: [] });
    await view.tapButton("Inner");
    expect(view.data.log).toEqual(["capture", "inner"]);
  });
});
