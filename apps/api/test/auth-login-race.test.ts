// A person's first login arriving twice at once (a double tap, two devices, a retried request):
// one user, every login answered, no 500. On SQLite the database runs one transaction at a time;
// on PostgreSQL both transactions find no user and both create one: the loser must find the
// winner's row instead of failing on the unique index.
import { deviceLogin } from "@tt/test-support";
import { describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";

const api = useApi();

describe("concurrent first logins of one person", () => {
  it("create one user and answer every login", async () => {
    const { app } = await api.build();
    for (const persona of ["race-ana", "race-bo", "race-cy"]) {
      const codes = await Promise.all(
        Array.from({ length: 6 }, () => deviceLogin(api.emulator.url, { user: persona })),
      );
      const answers = await Promise.all(
        codes.map(({ code, anonymousCode }) =>
          app.inject({ method: "POST", url: "/api/auth/login", payload: { code, anonymousCode } }),
        ),
      );
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      const ids = new Set(answers.map((answer) => answer.json().user.id));
      expect(ids.size).toBe(1);
      const openid = answers[0]?.json().user.openid;
      expect(await app.db.user.count({ where: { openid } })).toBe(1);
      expect(await app.db.douyinSession.count({ where: { userId: [...ids][0] } })).toBe(1);
    }
  });

  it("upgrade one guest when its device logs in twice at once", async () => {
    const { app } = await api.build();
    const guest = await deviceLogin(api.emulator.url, { user: "race-dee", loggedIn: false });
    const first = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { anonymousCode: guest.anonymousCode },
    });
    expect(first.statusCode).toBe(200);
    const codes = await Promise.all(
      Array.from({ length: 4 }, () => deviceLogin(api.emulator.url, { user: "race-dee" })),
    );
    const answers = await Promise.all(
      codes.map(({ code, anonymousCode }) =>
        app.inject({ method: "POST", url: "/api/auth/login", payload: { code, anonymousCode } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.json().user.id))).toEqual(
      new Set([first.json().user.id]),
    );
  });
});
