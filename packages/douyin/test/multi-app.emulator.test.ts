// Several apps in one process: one client per appid, sharing one token store, and nothing else.
import { SECOND_APP_KEYS } from "@tt/emulator";
import { describe, expect, it } from "vitest";
import { createMemoryTokenStore } from "../src/index.ts";
import { APP, useEmulator } from "./calls-support.ts";

const SECOND_APP = { appid: "tt_emulator_app_2", secret: "tt_emulator_secret_2" };
const h = useEmulator("multi-app");

function twoClients() {
  const tokenStore = createMemoryTokenStore();
  const first = h.clientWith({ tokenStore });
  const second = h.clientWith({
    ...SECOND_APP,
    tokenStore,
    phoneNumberPrivateKey: SECOND_APP_KEYS.privateKey,
  });
  return { first, second };
}

async function deviceLogin(appid: string, user: string): Promise<{ code: string }> {
  return h.control("POST", "/device/login", { appid, user });
}

describe("two apps in one process", () => {
  it("fetch and keep a token each, in one shared store", async () => {
    const { first, second } = twoClients();
    const [a, b] = await Promise.all([first.tokens.clientToken(), second.tokens.clientToken()]);
    expect(a).not.toBe(b);
    expect(await first.tokens.clientToken()).toBe(a);
    expect(await second.tokens.clientToken()).toBe(b);
    expect(await h.calls("/oauth/client_token/")).toBe(2);

    const issued = (await h.control("GET", "/emulator/tokens")).tokens as {
      appid: string;
      token: string;
    }[];
    expect(issued.find((t) => t.token === a)?.appid).toBe(APP.appid);
    expect(issued.find((t) => t.token === b)?.appid).toBe(SECOND_APP.appid);
  });

  it("recover one app's revoked token without touching the other's", async () => {
    const { first, second } = twoClients();
    const openid = await h.openidOf("shared-person");
    const query = { openid, templateId: "MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41" };
    await first.queryUserSubscription(query);
    const secondToken = await second.tokens.clientToken();

    await h.control("POST", "/emulator/tokens/invalidate", {
      appid: APP.appid,
      kind: "client_token",
    });
    await first.queryUserSubscription(query);
    expect(await second.tokens.clientToken()).toBe(secondToken);
    expect(await h.calls("/oauth/client_token/")).toBe(3);
  });

  it("exchange only their own app's login codes", async () => {
    const { first, second } = twoClients();
    const own = await deviceLogin(SECOND_APP.appid, "carol");
    const foreign = await deviceLogin(APP.appid, "carol");
    const session = await second.code2session({ code: own.code });
    expect(session.openid).toMatch(/^_000[\w-]{20,}$/);
    const error = await h.failureOf(second.code2session({ code: foreign.code }));
    expect(error.platformCode).toBe(40018);
    // The first app's code is still unspent: the refusal did not consume it.
    expect((await first.code2session({ code: foreign.code })).openid).not.toBe(session.openid);
  });
});
