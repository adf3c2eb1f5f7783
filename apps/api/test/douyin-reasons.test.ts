// The API acts on the SDK's verdict (error.reason / error.category), over real HTTP against the
// emulator; codes the emulator never answers on its own are injected in the path's envelope.
import { describe, expect, it } from "vitest";
import { postJson } from "./helper.ts";
import { expectProblem, type LoggedIn as MeLoggedIn, useMeApi } from "./me-fixtures.ts";
import {
  fault,
  inbox,
  type LoggedIn,
  login,
  messagingEnv,
  sendAndSettle,
  subscribe,
  templates,
} from "./outbox-helpers.ts";

const me = useMeApi(messagingEnv);
const PHONE = "/api/apps/v1/get_phonenumber_info/";

const putPhone = (who: MeLoggedIn, body: unknown) => me.send("PUT", "/api/me/phone", who, body);

async function subscribed(persona: string): Promise<LoggedIn> {
  const session = await login(me.app, me.api.emulator, persona);
  await subscribe(me.app, me.api.emulator, session, persona, [templates.shipping.id]);
  return session;
}

const shippingTo = (session: LoggedIn) => ({
  userId: session.user.id,
  templateId: templates.shipping.id,
  data: templates.shipping.data,
});

describe("PUT /api/me/phone {code}", () => {
  it("answers an expired phone code (28005187) with 400 PHONE_CODE_INVALID, writing nothing", async () => {
    const kim = await me.login("kim");
    const { code } = await me.device.phoneCode("kim");
    await postJson(me.api.emulator, "/emulator/faults", { path: PHONE, errNo: 28005187, times: 1 });
    const before = await me.rows();
    expectProblem(await putPhone(kim, { code }), 400, "PHONE_CODE_INVALID");
    expect(await me.rows()).toEqual(before);
  });
});

describe("the outbox, by the SDK's reason", () => {
  it("rejects an invalid request (28001007) at once, keeping the grant", async () => {
    const session = await subscribed("reasons-invalid");
    await fault(me.api.emulator, { errNo: 28001007, times: 1 });
    const rejected = await sendAndSettle(me.app, shippingTo(session));
    expect(rejected).toMatchObject({ status: "rejected", rejectReason: "format", attempts: 1 });
    expect(await inbox(me.api.emulator, "reasons-invalid")).toHaveLength(0);
  });

  it.each([
    [28014041, "quota exhausted"],
    [28014036, "user refused"],
    [1009, "banned"],
  ])("rejects %i as %s", async (errNo, rejectReason) => {
    const persona = `reasons-${errNo}`;
    const session = await subscribed(persona);
    await fault(me.api.emulator, { errNo, times: 1 });
    const rejected = await sendAndSettle(me.app, shippingTo(session));
    expect(rejected).toMatchObject({ status: "rejected", rejectReason, attempts: 1 });
  });

  it.each([28003018, 28001006])("retries %i, then sends", async (errNo) => {
    const persona = `reasons-${errNo}`;
    const session = await subscribed(persona);
    await fault(me.api.emulator, { errNo, times: 1 });
    const sent = await sendAndSettle(me.app, shippingTo(session));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    expect(sent.lastError).toMatch(new RegExp(`^Douyin ${errNo}: `));
    expect(await inbox(me.api.emulator, persona)).toHaveLength(1);
  });
});
