import { describe, expect, it } from "vitest";
import { checkTemplate, compileTemplate, TtmlCheckError } from "../src/index.ts";

/** The error messages of compiling `text` as pages/a/a.ttml. */
const problems = (text: string, options: Parameters<typeof checkTemplate>[2] = {}) =>
  checkTemplate("pages/a/a.ttml", text, options).errors.map((error) => error.message);

describe("well-formed markup", () => {
  it("accepts closed, self-closed and nested tags, comments and quoted > or <", () => {
    const template = compileTemplate(
      "pages/a/a.ttml",
      `<!-- a comment with <tags> -->
<view class="a" hidden>
  <text>{{a < b ? 'x' : "y"}} and {{ '}}' }}</text>
  <input value="{{a > b}}" disabled/>
  <image src='x.png' />
</view>`,
    );
    expect(template.nodes.filter((node) => node.type === "element")).toHaveLength(1);
  });

  it("refuses an unclosed tag, naming where it opened", () => {
    expect(problems("<view>\n  <text>hi</text>\n")).toEqual([
      "pages/a/a.ttml:1:1: <view> is never closed: add </view> or write <view />",
    ]);
  });

  it("refuses tags that do not nest and end tags that close nothing", () => {
    expect(problems("<view><text>a</view></text>")).toEqual([
      "pages/a/a.ttml:1:14: </view> does not close <text> (opened at pages/a/a.ttml:1:7): tags must nest",
    ]);
    expect(problems("<view></view></view>")).toEqual([
      "pages/a/a.ttml:1:14: </view> closes nothing: there is no open <view>",
    ]);
  });

  it("refuses an unended start tag, a stray <, a repeated attribute, an unclosed comment or quote", () => {
    expect(problems("<view class='a'")).toEqual([
      'pages/a/a.ttml:1:1: the start tag <view> is never ended by ">"',
    ]);
    expect(problems("<view>1 < 2</view>")[0]).toMatch(/1:9: a "<" that does not start a tag/);
    expect(problems('<view a="1" a="2"></view>')[0]).toMatch(
      /1:13: <view> has the attribute "a" twice/,
    );
    expect(problems("<!-- open\n<view/>")[0]).toMatch(/1:1: unclosed comment/);
    expect(problems('<view class="a></view>')[0]).toMatch(/the value of "class" has no closing "/);
    expect(problems('<view a="1"b="2"></view>')[0]).toMatch(
      /unexpected "b" in the start tag <view>/,
    );
  });
});

describe("components", () => {
  it("knows Douyin's components and TTML's own tags", () => {
    expect(
      problems(`<block><scroll-view><button open-type="getPhoneNumber">x</button><navigator url="/a"/>
<slot/><picker-view><picker-view-column/></picker-view><open-data type="userNickName"/></scroll-view></block>`),
    ).toEqual([]);
  });

  it("refuses an unknown component, upper-case names and WeChat's or SJS tags", () => {
    expect(problems("<view><foo-bar/></view>")).toEqual([
      "pages/a/a.ttml:1:7: unknown component <foo-bar>: not a Douyin component (declare custom components in usingComponents)",
    ]);
    expect(problems("<View></View>")[0]).toMatch(
      /unknown component <View>: component names are lower case/,
    );
    expect(problems('<sjs src="./a.sjs" module="m"/>')[0]).toMatch(
      /<sjs> modules are not supported/,
    );
    expect(problems("<div></div>")[0]).toMatch(/unknown component <div>/);
  });

  it("accepts the custom components a page declares", () => {
    expect(problems("<my-card/>", { customComponents: ["my-card"] })).toEqual([]);
  });
});

describe("{{ }} and directives", () => {
  it("refuses an unclosed {{, in text or in an attribute, and an empty one", () => {
    expect(problems("<view>\n  <text>{{user.name</text>\n</view>")).toEqual([
      'pages/a/a.ttml:2:9: unclosed "{{": no "}}" after it',
    ]);
    expect(problems('<view class="a {{b"></view>')).toEqual([
      'pages/a/a.ttml:1:16: unclosed "{{": no "}}" after it',
    ]);
    expect(problems("<text>{{ }}</text>")).toEqual(["pages/a/a.ttml:1:7: empty {{ }}"]);
  });

  it("refuses an expression that does not parse, at the column of the mistake", () => {
    expect(problems("<view>\n  <text>{{ a + }}</text>\n</view>")).toEqual([
      "pages/a/a.ttml:2:15: {{ a + }}: unexpected end of expression, expected a value",
    ]);
    expect(problems('<view hidden="{{ list.indexOf(x) }}"/>')).toEqual([
      "pages/a/a.ttml:1:30: {{ list.indexOf(x) }}: function calls are not supported in TTML expressions",
    ]);
  });

  it("reports every mistake of a file, not only the first", () => {
    expect(problems("<view>{{a +}}</view><foo/><text>{{(1)}}</text>")).toHaveLength(3);
  });

  it("checks tt:if chains, tt:for attributes and unknown directives", () => {
    expect(
      problems(`<view tt:if="{{a}}"/>
<view tt:elif="{{b}}"/>
<view tt:else/>
<view tt:for="{{list}}" tt:for-item="row" tt:for-index="i" tt:key="id">{{row.id}}{{i}}</view>`),
    ).toEqual([]);
    expect(problems('<view/>\n<view tt:elif="{{b}}"/>')).toEqual([
      "pages/a/a.ttml:2:1: tt:elif on <view> does not follow an element with tt:if or tt:elif",
    ]);
    expect(problems('<view tt:if="{{a}}"/>text<view tt:else/>')[0]).toMatch(
      /tt:else on <view> does not follow/,
    );
    expect(problems('<view tt:if="a"/>')[0]).toMatch(/tt:if="a" must be one \{\{ expression \}\}/);
    expect(problems('<view tt:if="{{a}} {{b}}"/>')[0]).toMatch(/must be one \{\{ expression \}\}/);
    expect(problems('<view tt:else="{{a}}"/>')[0]).toMatch(/tt:else takes no value/);
    expect(problems('<view tt:show="{{a}}"/>')[0]).toMatch(/unknown directive tt:show/);
    expect(problems('<view wx:if="{{a}}"/>')[0]).toMatch(/wx:if is not TTML/);
    expect(problems('<view tt:for-item="x"/>')[0]).toMatch(/without tt:for/);
    expect(problems('<view tt:for="{{l}}" tt:for-item="a.b"/>')[0]).toMatch(/must be a plain name/);
    expect(problems('<view tt:for="{{l}}" tt:key="{{id}}"/>')[0]).toMatch(/tt:key is a field name/);
  });

  it('refuses hidden="false" and its kind: the string "false" is a true value', () => {
    expect(problems('<button disabled="false">x</button>')).toEqual([
      'pages/a/a.ttml:1:19: disabled="false" is the string "false", a true value: write disabled="{{false}}"',
    ]);
  });
});

describe("event bindings", () => {
  it("reads every form of binding", () => {
    const template = compileTemplate(
      "pages/a/a.ttml",
      `<view bindtap="a" catchtap="b" bind:longpress="c" catch:touchstart="d"
  capture-bind:tap="e" capture-catch:touchend="f" bindgetphonenumber="{{dynamic}}"/>`,
    );
    const [view] = template.nodes;
    expect(
      view?.type === "element" &&
        view.events.map((event) => [event.phase, event.event, event.handler]),
    ).toEqual([
      ["bind", "tap", { kind: "method", name: "a" }],
      ["catch", "tap", { kind: "method", name: "b" }],
      ["bind", "longpress", { kind: "method", name: "c" }],
      ["catch", "touchstart", { kind: "method", name: "d" }],
      ["capture-bind", "tap", { kind: "method", name: "e" }],
      ["capture-catch", "touchend", { kind: "method", name: "f" }],
      [
        "bind",
        "getphonenumber",
        { kind: "expression", expression: expect.objectContaining({ source: "dynamic" }) },
      ],
    ]);
  });

  it("refuses an empty handler, a handler that is not a name, and upper-case event names", () => {
    expect(problems('<view bindtap=""/>')[0]).toMatch(/bindtap on <view> names no handler/);
    expect(problems('<view bindtap="a.b"/>')[0]).toMatch(/bindtap="a.b" is not a method name/);
    expect(problems('<view bindTap="a"/>')[0]).toMatch(
      /bindTap: event names are lower case \("tap"\)/,
    );
    expect(problems('<view bind:="a"/>')[0]).toMatch(/bind: names no event/);
  });
});

describe("templates, imports and build markers", () => {
  it("reads definitions apart from the page's nodes and checks uses", () => {
    const template = compileTemplate(
      "pages/a/a.ttml",
      `<import src="../common/cards.ttml"/>
<template name="row"><text>{{label}}</text></template>
<template is="row" data="{{label: title, ...rest}}"/>`,
    );
    expect([...template.templates.keys()]).toEqual(["row"]);
    expect(template.imports).toEqual([
      { src: "../common/cards.ttml", location: expect.objectContaining({ line: 1 }) },
    ]);
    expect(problems('<template name="x"/><template name="x"/>')[0]).toMatch(/defined twice/);
    expect(problems("<template/>")[0]).toMatch(/needs name="…" \(a definition\) or is="…"/);
    expect(problems('<template is="x" data="{{a:}}"/>')[0]).toMatch(/expected a value/);
    expect(problems('<import src="{{x}}"/>')[0]).toMatch(/src of <import> must be a plain value/);
  });

  it("rejects emulator-only/real-only in a built template and accepts them in a source one", () => {
    const marked = '<text emulator-only>emulator</text><text real-only="">real</text>';
    expect(problems(marked)).toHaveLength(2);
    expect(problems(marked)[0]).toMatch(/the build should have resolved this marker/);
    expect(problems(marked, { buildMarkers: "accept" })).toEqual([]);
  });

  it("throws a TtmlCheckError listing the mistakes", () => {
    expect(() => compileTemplate("pages/a/a.ttml", "<foo/><bar/>")).toThrow(TtmlCheckError);
    expect(() => compileTemplate("pages/a/a.ttml", "<foo/><bar/>")).toThrow(
      /^2 template errors:\n {2}pages\/a\/a\.ttml:1:1: unknown component <foo>.*\n {2}pages\/a\/a\.ttml:1:7: unknown component <bar>/,
    );
  });
});
