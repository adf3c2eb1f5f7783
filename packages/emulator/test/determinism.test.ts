import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, startEmulator } from "../src/index.ts";
import { deviceLogin, exchange, get, post } from "./support/http.ts";

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function transcript(seed?: string) {
  const emulator = await startEmulator({ port: 0, ...(seed === undefined ? {} : { seed }) });
  running.push(emulator);
  const logins = [
    await deviceLogin(emulator.url, { user: "alice" }),
    await deviceLogin(emulator.url, { user: "bob", loggedIn: false }),
    await deviceLogin(emulator.url, { user: "alice" }),
  ];
  const exchanged = await exchange(emulator.url, { ...DEFAULT_APP, code: logins[0]?.code });
  const session = (await get(emulator.url, "/emulator/session?user=alice")).json;
  return { emulator, result: { logins, data: exchanged.json.data, session } };
}

describe("seed determinism", () => {
  it("repeats codes, session keys and ids under the same seed", async () => {
    const first = await transcript("same-seed");
    const second = await transcript("same-seed");
    expect(second.result).toEqual(first.result);
  });

  it("differs under another seed or without one", async () => {
    const seeded = await transcript("same-seed");
    expect((await transcript("other-seed")).result.session).not.toEqual(seeded.result.session);
    expect((await transcript()).result.session).not.toEqual(seeded.result.session);
  });

  it("starts over after a reset", async () => {
    const { emulator, result } = await transcript("reset-seed");
    await post(emulator.url, "/emulator/reset");
    const again = await deviceLogin(emulator.url, { user: "alice" });
    expect(again).toEqual(result.logins[0]);
  });
});
