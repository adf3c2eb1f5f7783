import { describe, expect, it } from "vitest";
import {
  checkLinkedTemplate,
  checkPage,
  elementsOf,
  formatRendered,
  isDisabled,
  isShown,
  type LinkedTemplate,
  linkTemplate,
  type RenderedElement,
  renderTemplate,
  resolvePath,
  TtmlRenderError,
  textOf,
} from "../src/index.ts";

const page = (text: string, files: Record<string, string> = {}): LinkedTemplate =>
  linkTemplate("pages/a/a.ttml", (file) => ({ "pages/a/a.ttml": text, ...files })[file]);

const show = (text: string, data: Record<string, unknown>, files?: Record<string, string>) =>
  formatRendered(renderTemplate(page(text, files), data));

const renderError = (text: string, data: Record<string, unknown>): string => {
  try {
    renderTemplate(page(text), data);
  } catch (error) {
    if (error instanceof TtmlRenderError) return error.message;
    throw error;
  }
  throw new Error("rendered");
};

describe("rendering", () => {
  it("renders tt:if/tt:elif/tt:else, evaluating only the branch it shows", () => {
    const template = `<view tt:if="{{status === 'error'}}"><text>{{error.code}}</text></view>
<view tt:elif="{{status === 'ready'}}"><text>Hi {{user.name}}</text></view>
<view tt:else><text>Loading…</text></view>`;
    expect(show(template, { status: "loading", error: null, user: null })).toBe(
      'view\n  text "Loading…"',
    );
    expect(show(template, { status: "ready", error: null, user: { name: "Ada" } })).toBe(
      'view\n  text "Hi Ada"',
    );
    expect(show(template, { status: "error", error: { code: "E1" }, user: null })).toBe(
      'view\n  text "E1"',
    );
  });

  it("renders tt:for with its item, index and key, and tt:if per item", () => {
    const template = `<view tt:for="{{rows}}" tt:for-item="row" tt:for-index="i" tt:key="id" tt:if="{{row.shown}}">{{i}}: {{row.label}}</view>
<text tt:for="{{['a', 'b']}}" tt:key="*this">{{index}}{{item}}</text>`;
    const rows = [
      { id: 1, label: "one", shown: true },
      { id: 2, label: "two", shown: false },
      { id: 3, label: "three", shown: true },
    ];
    expect(show(template, { rows })).toBe('view "0: one"\nview "2: three"\ntext "0a"\ntext "1b"');
    expect(show(template, { rows: null })).toBe('text "0a"\ntext "1b"');
  });

  it("fills attributes and data-* (typed when one {{ }}), and leaves hidden elements out of the text", () => {
    const rendered = renderTemplate(
      page(`<view class="card {{kind}}" data-user-id="{{7}}" data-label="x{{kind}}">
  <button disabled="{{busy}}" loading="{{busy}}" bindtap="onGo">Go</button>
  <view hidden="{{!more}}"><text>More</text><button bindtap="onMore">More</button></view>
  <view hidden>never</view>
</view>`),
      { kind: "warn", busy: true, more: false },
    );
    const [view, button, more] = [...elementsOf(rendered)].slice(1) as RenderedElement[];
    expect(view?.attributes).toEqual({ class: "card warn" });
    expect(view?.dataset).toEqual({ userId: 7, label: "xwarn" });
    expect(button && isDisabled(button)).toBe(true);
    expect(more && isShown(more)).toBe(false);
    expect(formatRendered(rendered)).toBe('view\n  button "Go" [bindtap=onGo, disabled, loading]');
    expect(textOf(rendered)).toBe("Go");
  });

  it("shows values as the runtime does: nothing for null, arrays joined, numbers and booleans as text", () => {
    expect(
      show("<text>[{{a}}|{{b}}|{{c}}|{{d}}|{{e}}]</text>", {
        a: null,
        b: [1, 2],
        c: 0,
        d: false,
        e: "x",
      }),
    ).toBe('text "[|1,2|0|false|x]"');
  });

  it("renders <block>, <template is> with its data, <include> and <import>", () => {
    const template = `<import src="/common/cards"/>
<template name="local"><text>{{title}}</text></template>
<block tt:if="{{true}}"><template is="local" data="{{title: name}}"/></block>
<template is="{{which}}" data="{{...card}}"/>
<include src="../../common/footer.ttml"/>`;
    const files = {
      "common/cards.ttml":
        '<template name="card"><view bindtap="onCard">{{label}}</view></template>',
      "common/footer.ttml": "<text>© {{year}}</text>",
    };
    expect(
      show(template, { name: "Ada", which: "card", card: { label: "Card" }, year: 2025 }, files),
    ).toBe('text "Ada"\nview "Card" [bindtap=onCard]\ntext "© 2025"');
    expect(() => renderTemplate(page('<template is="nope"/>'), {})).toThrow(
      /<template is="nope">: no such template/,
    );
  });

  it("names the file and line of a read that is not there", () => {
    const template = `<view>
  <text tt:if="{{user}}">{{user.nam}}</text>
</view>`;
    expect(show(template, { user: null })).toBe("view");
    expect(renderError(template, { user: { name: "Ada" } })).toBe(
      'pages/a/a.ttml:2:28: {{user.nam}}: reads "user.nam", but "user" has no "nam" (it has: name)',
    );
    expect(renderError("<text>{{user.id}}</text>", { user: null })).toBe(
      'pages/a/a.ttml:1:9: {{user.id}}: reads "user.id", but "user" is null',
    );
    expect(renderError('<view tt:for="{{count}}"/>', { count: 3 })).toMatch(
      /tt:for="\{\{count\}\}" is a number, not an array/,
    );
    expect(renderError('<view tt:for="{{rows}}" tt:key="id"/>', { rows: [{ key: 1 }] })).toMatch(
      /tt:key="id": item 0 of \{\{rows\}\} has no "id"/,
    );
    expect(renderError('<view bindtap="{{handler}}"/>', { handler: 3 })).toMatch(
      /is a number, not a method name/,
    );
  });
});

describe("checking a page against its template", () => {
  const template = `<view tt:if="{{user}}" bindtap="onOpen">{{user.nam}}</view>
<view tt:for="{{rows}}" bindtap="onRow">{{item.anything}} {{index}}</view>
<text>{{usr}} {{later.x}} {{list[0].y}}</text>
<template name="t"><view catchtap="onMissing">{{whatever}}</view></template>`;

  it("names handlers the page lacks, roots its data lacks, and typos under its objects", () => {
    const errors = checkPage(page(template), {
      methods: ["onOpen", "onLoad"],
      data: { user: { name: "Ada" }, rows: [], later: null, list: [] },
    }).map((error) => error.message);
    expect(errors).toEqual([
      'pages/a/a.ttml:4:26: catchtap="onMissing": the page has no method "onMissing" (its methods: onOpen)',
      'pages/a/a.ttml:1:43: {{user.nam}}: "user" has no "nam" in the page\'s initial data (it has: name)',
      'pages/a/a.ttml:2:25: bindtap="onRow": the page has no method "onRow" (its methods: onOpen)',
      'pages/a/a.ttml:3:9: {{usr}}: "usr" is not in the page\'s data (it has: user, rows, later, list)',
    ]);
  });

  it("passes a page that fits", () => {
    expect(
      checkPage(page(template), {
        methods: ["onOpen", "onRow", "onMissing"],
        data: { user: { nam: "x" }, rows: [], later: null, list: [], usr: "" },
      }),
    ).toEqual([]);
  });
});

describe("linking files", () => {
  it("resolves paths from the file or from the program's root", () => {
    expect(resolvePath("pages/a/a.ttml", "../../common/x")).toBe("common/x.ttml");
    expect(resolvePath("pages/a/a.ttml", "/common/x.ttml")).toBe("common/x.ttml");
    expect(resolvePath("pages/a/a.ttml", "./parts/b.ttml")).toBe("pages/a/parts/b.ttml");
  });

  it("reports a missing file, a cycle, and the mistakes of the files it reads", () => {
    const check = (files: Record<string, string>) =>
      checkLinkedTemplate("pages/a/a.ttml", (file) => files[file]).errors.map(
        (error) => error.message,
      );
    expect(check({ "pages/a/a.ttml": '<include src="b"/>' })).toEqual([
      'pages/a/a.ttml:1:1: include "pages/a/b.ttml": no such file',
    ]);
    expect(
      check({ "pages/a/a.ttml": '<include src="b"/>', "pages/a/b.ttml": '<include src="a"/>' }),
    ).toEqual([
      "pages/a/b.ttml:1:1: include cycle: pages/a/a.ttml → pages/a/b.ttml → pages/a/a.ttml",
    ]);
    expect(check({ "pages/a/a.ttml": '<import src="b"/>', "pages/a/b.ttml": "<foo/>" })[0]).toMatch(
      /^pages\/a\/b\.ttml:1:1: unknown component <foo>/,
    );
    expect(check({})).toEqual(['pages/a/a.ttml:1:1: template "pages/a/a.ttml": no such file']);
  });
});
