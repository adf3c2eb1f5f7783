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

const build = (srcDir: string) =>
  buildMiniProgram({
    srcDir,
    outDir: path.join(path.dirname(srcDir), "dist"),
    apiBaseUrl: "http://127.0.0.1:3000",
    appid: "tt_emulator_app",
  });

describe("the build checks every template", () => {
  it("passes the app's own pages", async () => {
    const out = path.join(tmp, "app");
    await buildMiniProgram({ outDir: out, apiBaseUrl: "http://127.0.0.1:3000", appid: "x" });
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
    ["an unclosed tag", "<view><text>hi</text>", "pages/p/p.ttml:1:1: <view> is never closed"],
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
    [
      "a build marker left in dist",
      "<text emulator-only>x</text>",
      "the build should have resolved this marker",
    ],
  ])("fails on %s", async (_what, template, message) => {
    const name = `broken-${message.length}-${template.length}`;
    const failure = build(source(name, template));
    await expect(failure).rejects.toThrow(TtmlCheckError);
    await expect(failure).rejects.toThrow(message);
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
