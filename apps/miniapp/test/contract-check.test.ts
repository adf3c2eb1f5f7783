// The fake API's answers are held to the contract the real API answers by: this checks the check.
import { ApiPaths } from "@tt/contract";
import { describe, expect, it } from "vitest";
import { contractViolations } from "./support/contract-check.ts";

const user = {
  id: "u-1",
  appid: "tt_emulator_app",
  openid: null,
  isGuest: true,
  createdAt: "2024-05-01T08:00:00.000Z",
  lastLoginAt: "2024-05-01T08:00:00.000Z",
};
const session = {
  accessToken: "a",
  refreshToken: "r",
  expiresIn: 900,
  tokenType: "Bearer",
  user,
};
const login = { method: "POST", path: ApiPaths.login, body: { anonymousCode: "abc" } };

describe("the contract check of the fake API", () => {
  it("passes a request and an answer the real API could exchange", () => {
    expect(contractViolations(login, { status: 200, body: session })).toEqual([]);
    const problem = { type: "about:blank", title: "x", status: 401, code: "LOGIN_CODE_INVALID" };
    expect(contractViolations(login, { status: 401, body: problem })).toEqual([]);
  });

  it("flags an answer the real API could never give", () => {
    const wrong = { ...session, user: { ...user, createdAt: "yesterday" } };
    expect(contractViolations(login, { status: 200, body: wrong })).toEqual([
      expect.stringMatching(/^POST \/api\/auth\/login 200: \/user\/createdAt /),
    ]);
    const unknownCode = { type: "about:blank", title: "x", status: 401, code: "NOPE" };
    expect(contractViolations(login, { status: 401, body: unknownCode })).toEqual([
      expect.stringMatching(/code NOPE is not a ProblemCode/),
    ]);
  });

  it("flags a request the real API would refuse, and a route it does not have", () => {
    const bad = { ...login, body: { code: 42 } };
    expect(contractViolations(bad, { status: 200, body: session })[0]).toMatch(/request: \/code/);
    expect(
      contractViolations({ method: "DELETE", path: ApiPaths.me, body: undefined }, { status: 204 }),
    ).toEqual(["DELETE /api/me is not a route of the contract"]);
  });
});
