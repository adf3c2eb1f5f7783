// The unit of work's plain-SQL paths (unit.read, unit.write) stand outside its transactions: used
// inside `run`, they would miss its writes or commit on their own, so they refuse.
import { describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";

const api = useApi();

describe("unit of work", () => {
  it("refuses plain-SQL reads and writes inside run", async () => {
    const { app } = await api.build();
    const unit = app.unitOfWork;
    await expect(unit.run(() => unit.read('SELECT 1 FROM "User"', []))).rejects.toThrow(
      /unit.read inside a unit of work/,
    );
    await expect(unit.run(() => unit.write(async () => undefined))).rejects.toThrow(
      /unit.write inside a unit of work/,
    );
  });

  it("refuses any other database use inside unit.write, which would wait on that write", async () => {
    const { app } = await api.build();
    const unit = app.unitOfWork;
    const inside = (use: () => unknown) => unit.write(async () => use());
    await expect(inside(() => unit.db)).rejects.toThrow(/unit.db inside unit.write/);
    await expect(inside(() => unit.read("SELECT 1", []))).rejects.toThrow(/unit.read inside/);
    await expect(inside(() => unit.write(async () => 1))).rejects.toThrow(/unit.write inside/);
    await expect(inside(() => unit.run(async () => 1))).rejects.toThrow(/unit.run inside/);
    // The write itself still works afterwards: nothing was left locked.
    expect(await unit.write(async (sql) => sql.all('SELECT 1 AS "one"', []))).toEqual([{ one: 1 }]);
  });

  it("reads rows with their dates and booleans as Prisma gives them", async () => {
    const { app } = await api.build();
    const user = await app.db.user.create({ data: { appid: "tt_a", openid: "unit-read" } });
    await app.db.subscriptionGrant.create({
      data: { userId: user.id, templateId: "MSG1", kind: "long-term", active: false },
    });
    const [row] = await app.unitOfWork.read<{ createdAt: Date; active: boolean }>(
      'SELECT "createdAt", "active" FROM "SubscriptionGrant" WHERE "userId" = ?',
      [user.id],
      { dates: ["createdAt"], booleans: ["active"] },
    );
    const grant = await app.db.subscriptionGrant.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toEqual({ createdAt: grant.createdAt, active: false });
  });
});
