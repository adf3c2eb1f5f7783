// README claims about sending a subscription message: its example body is delivered by the emulator
// (data keys = the template's keywords), and its command lists the emulator's templates.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { useApi } from "./helper.ts";
import { inbox, login, messagingEnv, sendAndSettle, subscribe } from "./outbox-helpers.ts";

const readme = readFileSync(path.resolve(import.meta.dirname, "../../../README.md"), "utf8");
const api = useApi();
let app: App;

beforeAll(async () => {
  ({ app } = await api.build(messagingEnv));
});

/** The JSON body in the README's `POST /api/admin/messages` row. */
function readmeMessageExample(): Record<string, unknown> {
  const row = readme.split("\n").find((line) => line.startsWith("| `POST /api/admin/messages`"));
  expect(row, "the README's POST /api/admin/messages row").toBeDefined();
  for (const [, code] of (row as string).matchAll(/`([^`]+)`/g)) {
    try {
      const parsed = JSON.parse(code as string) as Record<string, unknown>;
      if (typeof parsed === "object" && parsed !== null && "templateId" in parsed) return parsed;
    } catch {}
  }
  throw new Error("no JSON example with a templateId in the README's row");
}

interface EmulatorTemplate {
  templateId: string;
  kind: string;
  keywords: string[];
}

describe("README: POST /api/admin/messages", () => {
  it("its example is delivered to a subscribed user of the emulator's app", async () => {
    const example = readmeMessageExample();
    const session = await login(app, api.emulator, "readme-reader");
    await subscribe(app, api.emulator, session, "readme-reader", [example.templateId as string]);
    // The README's placeholder user id, replaced by the real one.
    const message = await sendAndSettle(app, { ...example, userId: session.user.id });
    expect(message).toMatchObject({ status: "sent", rejectReason: null });
    const [received] = await inbox(api.emulator, "readme-reader");
    expect(received).toMatchObject({ templateId: example.templateId, data: example.data });
  });

  it("its command lists each template of the emulator with the keywords its data needs", async () => {
    const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((match) => match[1] as string)
      .find((code) => code.includes("/emulator/apps"));
    expect(block, "a README sh block reading /emulator/apps").toBeDefined();
    const script = (block as string).replaceAll("localhost:3100", new URL(api.emulator.url).host);
    // Not execFileSync: the emulator answering curl runs in this process.
    const { stdout: output } = await promisify(execFile)("sh", ["-c", script], {
      encoding: "utf8",
    });
    const answer = (await (await fetch(`${api.emulator.url}/emulator/apps`)).json()) as {
      apps: { appid: string; templates: EmulatorTemplate[] }[];
    };
    const defaultApp = answer.apps.find((app) => app.appid === "tt_emulator_app");
    expect(defaultApp?.templates.length).toBeGreaterThan(0);
    for (const template of defaultApp?.templates ?? []) {
      expect(output).toContain(
        `${template.templateId} ${template.kind} ${template.keywords.join(",")}`,
      );
    }
  });
});
