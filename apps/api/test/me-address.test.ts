import { describe, expect, it } from "vitest";
import { expectProblem, type LoggedIn, useMeApi } from "./me-fixtures.ts";

const me = useMeApi();

const putAddress = (who: LoggedIn | undefined, body: unknown) =>
  me.send("PUT", "/api/me/address", who, body);

async function expectRefused(
  who: LoggedIn | undefined,
  body: unknown,
  status: number,
  code: string,
) {
  return me.refused(() => putAddress(who, body), status, code);
}

const sample = {
  userName: "张三",
  provinceName: "广东省",
  cityName: "广州市",
  countyName: "天河区",
  detailInfo: "天河路 1 号",
  telNumber: "13912345678",
};

describe("PUT /api/me/address", () => {
  it("adds tt.chooseAddress's address, with the telephone encrypted and shown masked", async () => {
    const alice = await me.login("alice");
    const address = await me.device.address("alice");
    expect(address.errMsg).toBe("chooseAddress:ok");
    const response = await putAddress(alice, address);
    expect(response.statusCode, response.body).toBe(200);
    const tel = address.telNumber as string;
    const { addresses } = response.json();
    expect(addresses).toEqual([
      {
        id: expect.any(String),
        userName: address.userName,
        provinceName: address.provinceName,
        cityName: address.cityName,
        countyName: address.countyName,
        detailInfo: address.detailInfo,
        telMasked: `${tel.slice(0, 3)}****${tel.slice(-4)}`,
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);
    expect(response.body).not.toContain(tel);
    const row = await me.app.db.address.findFirstOrThrow({ where: { userId: alice.user.id } });
    expect(JSON.stringify(row)).not.toContain(tel);
    expect(row.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(me.logs.text).not.toContain(tel);

    const book = await me.send("GET", "/api/me/addresses", alice);
    expect(book.statusCode).toBe(200);
    expect(book.json()).toEqual(response.json());
  });

  it("keeps distinct addresses only: an equal one (whitespace aside) is just marked as used", async () => {
    const bob = await me.login("bob");
    const first = (await putAddress(bob, { ...sample, postalCode: "510000" })).json().addresses;
    const other = { ...sample, detailInfo: "体育西路 2 号", telNumber: "020-8888 6666" };
    const second = (await putAddress(bob, other)).json().addresses;
    expect(second.map((a: { detailInfo: string }) => a.detailInfo)).toEqual([
      "体育西路 2 号",
      "天河路 1 号",
    ]);
    expect(second[0].telMasked).toBe("020****6666");

    const again = await putAddress(bob, {
      ...sample,
      userName: "  张三 ",
      detailInfo: "天河路   1  号",
      postalCode: " 510000 ",
      errMsg: "chooseAddress:ok",
    });
    expect(again.statusCode, again.body).toBe(200);
    const book = again.json().addresses;
    expect(book).toHaveLength(2);
    expect(book[0]).toMatchObject({
      id: first[0].id,
      detailInfo: "天河路 1 号",
      postalCode: "510000",
    });
    expect(Date.parse(book[0].lastUsedAt)).toBeGreaterThan(Date.parse(first[0].lastUsedAt));
    expect(await me.app.db.address.count({ where: { userId: bob.user.id } })).toBe(2);

    // Another telephone is another entry.
    const withOtherTel = (await putAddress(bob, { ...sample, telNumber: "13912345679" })).json();
    expect(withOtherTel.addresses).toHaveLength(3);
  });

  it("keeps the 20 most recently used addresses", async () => {
    const carol = await me.login("carol");
    for (let i = 1; i <= 22; i += 1) {
      const response = await putAddress(carol, { ...sample, detailInfo: `门牌 ${i} 号` });
      expect(response.statusCode).toBe(200);
    }
    // Using the oldest kept one again moves it to the front; the next add drops the next oldest.
    await putAddress(carol, { ...sample, detailInfo: "门牌 3 号" });
    const book = (await putAddress(carol, { ...sample, detailInfo: "门牌 23 号" })).json()
      .addresses;
    expect(book).toHaveLength(20);
    const details = book.map((a: { detailInfo: string }) => a.detailInfo);
    expect(details.slice(0, 2)).toEqual(["门牌 23 号", "门牌 3 号"]);
    expect(details).not.toContain("门牌 1 号");
    expect(details).not.toContain("门牌 2 号");
    expect(details).not.toContain("门牌 4 号");
    expect(await me.app.db.address.count({ where: { userId: carol.user.id } })).toBe(20);
  });

  it("keeps each user's book apart", async () => {
    const dave = await me.login("dave");
    const erin = await me.login("erin");
    await putAddress(dave, sample);
    const erins = (await putAddress(erin, sample)).json().addresses;
    expect(erins).toHaveLength(1);
    expect((await me.send("GET", "/api/me/addresses", dave)).json().addresses).toHaveLength(1);
    expect(await me.app.db.address.count({ where: { userId: erin.user.id } })).toBe(1);
  });

  it.each([
    ["an empty object", {}],
    ["no userName", { ...sample, userName: undefined }],
    ["a blank userName", { ...sample, userName: "   " }],
    ["a userName of 65 characters", { ...sample, userName: "名".repeat(65) }],
    ["a detailInfo of 257 characters", { ...sample, detailInfo: "d".repeat(257) }],
    ["a numeric telNumber", { ...sample, telNumber: 13912345678 }],
    ["a telNumber with letters", { ...sample, telNumber: "call me maybe" }],
    ["a telNumber too short", { ...sample, telNumber: "123" }],
    ["a telNumber too long", { ...sample, telNumber: "1".repeat(33) }],
    ["a telNumber of 21 digits", { ...sample, telNumber: "1".repeat(21) }],
    ["a postalCode with symbols", { ...sample, postalCode: "<script>" }],
    ["an unknown field", { ...sample, isDefault: true }],
    ["an array", [sample]],
  ])("answers %s with 400 VALIDATION_FAILED and writes nothing", async (_, body) => {
    const frank = await me.login("frank");
    await expectRefused(frank, body, 400, "VALIDATION_FAILED");
  });

  it("answers a huge body with 413 and no token with 401", async () => {
    const grace = await me.login("grace");
    await expectRefused(
      grace,
      { ...sample, detailInfo: "x".repeat(70 * 1024) },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    await expectRefused(undefined, sample, 401, "UNAUTHORIZED");
    expectProblem(await me.send("GET", "/api/me/addresses", undefined), 401, "UNAUTHORIZED");
  });
});
