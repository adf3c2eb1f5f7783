import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createTt,
  loadMiniProgram,
  type MiniProgram,
  parseDataPath,
} from "../src/tt-simulator/index.ts";

/** A tiny program shaped like scripts/build.ts output: CommonJS files plus app.json and ttml. */
const fixture: Record<string, string> = {
  "app.json": JSON.stringify({ pages: ["pages/home/home", "pages/other/index"] }),
  "lib/helper.js": "module.exports = { twice: (n) => n * 2 };",
  "app.js": `"use strict";
const helper = require("./lib/helper");
App({
  events: [],
  helper,
  onLaunch(options) { this.events.push("app:onLaunch:" + options.path); },
  onShow() { this.events.push("app:onShow"); },
  onHide() { this.events.push("app:onHide"); },
  onError(message) { this.events.push("app:onError"); },
});`,
  "pages/home/home.js": `"use strict";
const app = getApp();
Page({
  data: { count: 0, user: null, list: [{ title: "a" }], dynamicHandler: "onIncrement" },
  onLoad(query) { app.events.push("home:onLoad:" + JSON.stringify(query)); },
  onShow() { app.events.push("home:onShow"); },
  onReady() { app.events.push("home:onReady"); },
  onHide() { app.events.push("home:onHide"); },
  onUnload() { app.events.push("home:onUnload"); },
  onIncrement(event) {
    this.setData({ count: this.data.count + (event.currentTarget.dataset.step || 1) });
  },
  async onSlow() {
    await new Promise((resolve) => setTimeout(resolve, 30));
    this.setData({ slow: "done" });
  },
  onBroken() { throw new Error("handler broke"); },
  onLater() { setTimeout(() => { throw new Error("timer broke"); }, 5); },
  onForever() { setInterval(() => this.setData({ ticks: (this.data.ticks || 0) + 1 }), 5); },
  notBound() {},
  probe() {
    const attempt = (run) => { try { return run(); } catch (error) { return "threw: " + error.message; } };
    return {
      process: typeof process, Buffer: typeof Buffer, fetch: typeof fetch, URL: typeof URL,
      eval: attempt(() => eval("1 + 1")),
      fs: attempt(() => require("fs")),
      outside: attempt(() => require("../../../outside.js")),
      pages: getCurrentPages().map((page) => page.route),
      twice: app.helper.twice(21),
    };
  },
});`,
  "pages/home/home.ttml": `<view class="page">
  <view bindtap="onIncrement" data-step="{{2}}">+</view>
  <button bind:tap="onSlow">slow</button>
  <view catchtap="onBroken">broken</view>
  <view bindtap="onLater">later</view>
  <view bindtap="onForever">forever</view>
  <view bindtap="{{dynamicHandler}}">dynamic</view>
  <input bindinput="onIncrement" />
  <view catch:longpress='onIncrement'>long press</view>
</view>`,
  "pages/other/index.js": `Page({
  data: {},
  onLoad(query) { getApp().events.push("other:onLoad:" + query.id); },
  onUnload() { getApp().events.push("other:onUnload"); },
});`,
  "pages/other/index.ttml": "<view>other</view>",
  "../outside.js": "module.exports = 'outside';",
};

let root: string;
let dist: string;
let program: MiniProgram | undefined;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "tt-simulator-program-"));
  dist = path.join(root, "dist");
  for (const [file, content] of Object.entries(fixture)) {
    const target = path.join(dist, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  program?.close();
  program = undefined;
});

// No tt call reaches the emulator in these tests.
const load = () => {
  program = loadMiniProgram(dist, { tt: createTt({ emulatorUrl: "http://127.0.0.1:9" }) });
  return program;
};
const events = (mp: MiniProgram) => mp.app.events as string[];

describe("loading and lifecycle", () => {
  it("runs app.js, then the pages, and calls the hooks in the runtime's order", () => {
    const mp = load();
    expect(mp.pages).toEqual(["pages/home/home", "pages/other/index"]);
    mp.launch();
    const home = mp.openPage("/pages/home/home?from=share", { extra: "1" });
    expect(home.query).toEqual({ from: "share", extra: "1" });
    expect(home.instance.options).toEqual({ from: "share", extra: "1" });

    const other = mp.openPage("pages/other/index", { id: "7" });
    other.unload();
    mp.close();
    expect(events(mp)).toEqual([
      "app:onLaunch:pages/home/home",
      "app:onShow",
      'home:onLoad:{"from":"share","extra":"1"}',
      "home:onShow",
      "home:onReady",
      "home:onHide",
      "other:onLoad:7",
      "other:onUnload",
      "home:onShow",
      "home:onUnload",
      "app:onHide",
    ]);
  });

  it("refuses pages that are not in app.json and pages opened before launch", () => {
    const mp = load();
    expect(() => mp.openPage("pages/home/home")).toThrow(/launch\(\) the program/);
    mp.launch();
    expect(() => mp.openPage("pages/missing/index")).toThrow(/not a page of app.json/);
  });

  it("gives the page only what a mini-program has: no Node, no eval, no files outside", () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    const probe = (home.instance.probe as () => Record<string, unknown>)();
    expect(probe).toEqual({
      process: "undefined",
      Buffer: "undefined",
      fetch: "undefined",
      URL: "undefined",
      eval: expect.stringMatching(/^threw: .*[Cc]ode generation from strings disallowed/),
      fs: 'threw: require("fs"): a mini-program can only require its own files',
      outside: expect.stringMatching(/^threw: .*is outside the mini-program/),
      pages: ["pages/home/home"],
      twice: 42,
    });
  });
});

describe("setData", () => {
  it("understands path keys and creates what is missing on the way", () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    home.setData({
      "user.name": "Ada",
      "list[0].title": "b",
      "list[1].title": "c",
      "grid[1][0]": "x",
      count: 3,
    });
    expect(home.data).toEqual({
      dynamicHandler: "onIncrement",
      count: 3,
      user: { name: "Ada" },
      list: [{ title: "b" }, { title: "c" }],
      grid: [undefined, ["x"]],
    });
    expect(() => home.setData({ "a..b": 1 })).toThrow('setData: invalid data path "a..b"');
  });

  it("copies values as JSON and calls the callback after it returns", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    const user = { name: "Ada", greet: () => "hi" };
    let called = false;
    const done = new Promise<void>((resolve) =>
      home.setData({ user }, () => {
        called = true;
        resolve();
      }),
    );
    expect(called).toBe(false);
    await done;
    user.name = "changed";
    expect(home.data.user).toEqual({ name: "Ada" });
  });

  it("parses paths the way the runtime does", () => {
    expect(parseDataPath("a.b[2].c")).toEqual(["a", "b", 2, "c"]);
    for (const bad of ["", ".a", "a.", "[0]", "a[x]", "a[0]b", "__proto__.polluted"]) {
      expect(() => parseDataPath(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe("events", () => {
  it("taps handlers that the template binds, with a dataset, and awaits async ones", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    await home.tap("onIncrement", { step: 5 });
    expect(home.data.count).toBe(5);
    await home.tap("onSlow");
    expect(home.data.slow).toBe("done");
    await home.trigger("input", "onIncrement", { detail: { value: "x" } });
    expect(home.data.count).toBe(6);
    await home.trigger("longpress", "onIncrement");
    expect(home.data.count).toBe(7);
  });

  it("refuses handlers that the template does not bind, and passes on a handler's error", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    await expect(home.tap("notBound")).rejects.toThrow(
      /nothing on screen binds tap to "notBound" \(on screen, tap: onIncrement, onSlow, onBroken, onLater, onForever\)/,
    );
    await expect(home.tap("onBroken")).rejects.toThrow("handler broke");
  });
});

describe("waitFor", () => {
  it("polls until the predicate holds", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    void home.tap("onSlow");
    const data = await home.waitFor((d) => d.slow === "done", 1_000);
    expect(data.slow).toBe("done");
  });

  it("times out with the data and the recent console output in the message", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    await expect(home.waitFor((d) => d.user.name === "never", 50)).rejects.toThrow(
      /waitFor timed out after 50 ms\ndata: \{"count":0,"user":null.*\npredicate threw: TypeError/s,
    );
  });

  it("stops early on an uncaught error, which also reaches App.onError", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    await home.tap("onLater");
    await expect(home.waitFor(() => false, 2_000)).rejects.toThrow(
      /uncaught error while waiting: .*timer broke/s,
    );
    expect(events(mp)).toContain("app:onError");
  });

  it("close() cancels the program's timers", async () => {
    const mp = load();
    mp.launch();
    const home = mp.openPage("pages/home/home");
    await home.tap("onForever");
    await home.waitFor((d) => d.ticks >= 2, 1_000);
    mp.close();
    const ticks = home.data.ticks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(home.data.ticks).toBe(ticks);
  });
});
