/**
 * The build compiles every page template in dist/ and checks it against its page: a template
 * Douyin would not compile, or that does not fit its page, fails the build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TtmlCheckError } from "@tt/ttml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMiniProgram } from "../scripts/lib/mini-program-build.ts";
import { readPageDefinition } from "../scripts/lib/page-definitions.ts";
import { checkBuiltTemplates } from "../scripts/lib/template-check.ts";
import { buildWithCli } from "./support/build-cli.ts";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "miniapp-template-check-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(dir: string, files: Record<string, string>): string {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** A source tree of one page, `pages/p/p`, with the given template. */
function source(name: string, template: string, extra: Record<string, string> = {}): string {
  return write(path.join(tmp, name, "src"), {
    "app.json": JSON.stringify({ pages: ["pages/p/p"] }),
    "app.ts": "App({});\n",
    "pages/p/p.ts": `Page({
  data: { user: { name: "Ada" }, busy: false, rows: [] as Array<{ id: string }> },
  onRetry() {},
});
`,
    "pages/p/p.json": "{}",
    "pages/p/p.ttml": template,
    ...extra,
  });
}

/**
 * A build of `srcDir` in real mode. The mode options are given both ways the build has taken them
 * (`appid`, then `target`), so that this test does not depend on which one is merged.
 */
const build = (srcDir: string) =>
  buildMiniProgram({
    srcDir,
    outDir: path.join(path.dirname(srcDir), "dist"),
    apiBaseUrl: "http://127.0.0.1:3000",
    ...{ appid: "tt0123456789", target: { mode: "douyin", appid: "tt0123456789" } },
  } as Parameters<typeof buildMiniProgram>[0]);

describe("the build checks every template", () => {
  it.each([
    ["the default mode", {}],
    ["an appid of one's own", { MINIAPP_APPID: "tt0123456789" }],
  ])("passes the app's own pages (%s)", async (_mode, env) => {
    const out = path.join(tmp, `app-${Object.keys(env).length}`);
    await buildWithCli(out, env);
    await expect(checkBuiltTemplates(out)).resolves.toBeUndefined();
    const index = await readPageDefinition(out, "pages/index/index");
    expect(index.methods).toContain("onRetry");
    expect(Object.keys(index.data)).toContain("status");
  });

  it("passes a page that fits its template", async () => {
    const summary = await build(
      source(
        "fits",
        `<view>
  <text tt:if="{{user}}">Hi {{user.name}}</text>
  <view tt:for="{{rows}}" tt:key="id">{{item.id}}</view>
  <button disabled="{{busy}}" bindtap="onRetry">Retry</button>
</view>`,
      ),
    );
    expect(summary.files).toContain("pages/p/p.ttml");
  });

  it.each([
    ["an unclosed {{", "<text>{{user.name</text>", 'pages/p/p.ttml:1:7: unclosed "{{"'],
    ["an unclosed comment", "<!-- to do\n<view/>", "pages/p/p.ttml:1:1: unclosed comment"],
    [
      "an unknown component",
      "<view><card/></view>",
      "pages/p/p.ttml:1:7: unknown component <card>",
    ],
    [
      "a broken expression",
      "<text>{{ user. }}</text>",
      "pages/p/p.ttml:1:15: {{ user. }}: unexpected end",
    ],
    ["a function call", "<text>{{ rows.join(',') }}</text>", "function calls are not supported"],
    [
      "a bind to a missing method",
      '<button bindtap="onRetri">Retry</button>',
      'pages/p/p.ttml:1:9: bindtap="onRetri": the page has no method "onRetri" (its methods: onRetry)',
    ],
    [
      "a data path typo",
      "<text>{{user.nam}}</text>",
      'pages/p/p.ttml:1:9: {{user.nam}}: "user" has no "nam" in the page\'s initial data (it has: name)',
    ],
  ])("fails on %s", async (_what, template, message) => {
    const name = `broken-${message.length}-${template.length}`;
    const failure = build(source(name, template));
    await expect(failure).rejects.toThrow(TtmlCheckError);
    await expect(failure).rejects.toThrow(message);
  });

  it("counts data computed from getApp() or tt at load as present, not known", async () => {
    const dist = write(path.join(tmp, "computed", "dist"), {
      "app.json": JSON.stringify({ pages: ["pages/p/p"] }),
      "pages/p/p.js":
        "Page({ data: { persona: getApp().platform.current().persona, info: tt.getSystemInfoSync() } });",
      "pages/p/p.ttml": "<text>{{persona}} {{info.model}}</text>",
    });
    await expect(checkBuiltTemplates(dist)).resolves.toBeUndefined();
    expect(await readPageDefinition(dist, "pages/p/p")).toEqual({
      methods: [],
      data: { persona: null, info: null },
    });
  });

  it("refuses a build marker left in dist/", async () => {
    const dist = write(path.join(tmp, "marker", "dist"), {
      "app.json": JSON.stringify({ pages: ["pages/p/p"] }),
      "pages/p/p.js": "Page({ data: {} });",
      "pages/p/p.ttml": "<view>\n  <text real-only>x</text>\n</view>",
    });
    await expect(checkBuiltTemplates(dist)).rejects.toThrow(
      "pages/p/p.ttml:2:9: real-only on <text>: the build should have resolved this marker before dist/",
    );
  });

  it("reads imported and included templates, and custom components from usingComponents", async () => {
    const fits = source(
      "includes",
      '<import src="/common/rows.ttml"/><template is="row" data="{{...user}}"/><include src="../../common/footer.ttml"/><my-card/>',
      {
        "common/rows.ttml":
          '<template name="row"><text bindtap="onRetry">{{name}}</text></template>',
        "common/footer.ttml": "<text>{{busy ? 'busy' : 'idle'}}</text>",
        "pages/p/p.json": JSON.stringify({ usingComponents: { "my-card": "/components/card" } }),
      },
    );
    await expect(build(fits)).resolves.toMatchObject({
      files: expect.arrayContaining(["common/rows.ttml"]),
    });
    const missing = source("includes-missing", '<include src="/common/none.ttml"/>');
    await expect(build(missing)).rejects.toThrow('include "common/none.ttml": no such file');
  });
});
