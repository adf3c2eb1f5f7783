// Many reports of one user at once (a page that reports on every show, several devices): the
// newest-N bound holds and every kept entry has its own arrival time, newest first. On SQLite the
// database runs one transaction at a time; on PostgreSQL two transactions would each read the
// same "previous" entry and each trim from its own snapshot unless writers of one user's data are
// serialized.
import { beforeAll, describe, expect, it } from "vitest";
import { type LoggedIn, useMeApi } from "./me-fixtures.ts";

const me = useMeApi({ LOCATION_HISTORY_LIMIT: "4", DEVICE_HISTORY_LIMIT: "3" });
let bea: LoggedIn;

beforeAll(async () => {
  bea = await me.login("bea-concurrent");
});

describe("concurrent reports of one user", () => {
  it("keep exactly the newest LOCATION_HISTORY_LIMIT locations, each at its own time", async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        me.send("PUT", "/api/me/location", bea, { latitude: 30 + i / 100, longitude: 120 }),
      ),
    );
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    const rows = await me.app.db.locationSample.findMany({
      where: { userId: bea.user.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    expect(rows).toHaveLength(4);
    const times = rows.map((row) => row.createdAt.getTime());
    expect(new Set(times).size).toBe(4);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("keep exactly the newest DEVICE_HISTORY_LIMIT devices", async () => {
    const info = await me.device.systemInfo("bea-concurrent");
    const answers = await Promise.all(
      Array.from({ length: 18 }, () => me.send("PUT", "/api/me/device", bea, info)),
    );
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    const rows = await me.app.db.deviceSnapshot.findMany({ where: { userId: bea.user.id } });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.createdAt.getTime())).size).toBe(3);
  });
});
