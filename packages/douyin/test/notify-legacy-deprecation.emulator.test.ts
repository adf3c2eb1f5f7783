import { afterEach, describe, expect, it } from "vitest";
import { NOTIFY_LEGACY_DEPRECATION_CODE } from "../src/index.ts";
import { ONE_TIME_TEMPLATE, useEmulator } from "./calls-support.ts";

const emu = useEmulator("sdk-notify-legacy-deprecation");
const warnings: Error[] = [];
const collect = (warning: Error) => warnings.push(warning);

afterEach(() => {
  process.off("warning", collect);
});

describe("notifyLegacy is deprecated (v1 notify, announced offline for 2024-07-01)", () => {
  it("warns once, on first use, and still sends", async () => {
    process.on("warning", collect);
    const openid = await emu.openidOf("dan");
    await emu.control("POST", "/device/subscribe", {
      user: "dan",
      tmplIds: [ONE_TIME_TEMPLATE.id],
    });
    const client = emu.clientWith();
    const send = () =>
      client.notifyLegacy({
        openid,
        templateId: ONE_TIME_TEMPLATE.id,
        data: ONE_TIME_TEMPLATE.data,
      });
    await send();
    await emu.control("POST", "/emulator/clock", { advanceMs: 1100 });
    await emu.failureOf(send()); // the one-time grant is used up: 28014043
    await emu
      .clientWith()
      .notifyLegacy({ openid, templateId: "T", data: { a: "1" } })
      .catch(() => {});
    // process.emitWarning delivers on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    const ours = warnings.filter(
      (warning) => (warning as { code?: string }).code === NOTIFY_LEGACY_DEPRECATION_CODE,
    );
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ name: "DeprecationWarning" });
    expect(ours[0]?.message).toMatch(/notifyUser/);
    expect((await emu.control("GET", "/device/inbox?user=dan")).messages).toHaveLength(1);
  });
});
