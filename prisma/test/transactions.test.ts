// One connection, many requests: a write made while another request's transaction is open must
// survive that transaction's rollback, and must not be visible as uncommitted data.
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, migrateSqliteFile, type PrismaClient } from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

const tmp = useTempDir();
let db: PrismaClient;

beforeAll(() => {
  const file = path.join(tmp, "transactions.db");
  migrateSqliteFile(file);
  db = createPrismaClient(file);
});
afterAll(async () => {
  await db?.$disconnect();
});

it("keeps a plain write out of another request's transaction that rolls back", async () => {
  let markInside: () => void = () => undefined;
  const inside = new Promise<void>((resolve) => {
    markInside = resolve;
  });
  let outside: Promise<{ id: string }> | undefined;
  let markIssued: () => void = () => undefined;
  const issued = new Promise<void>((resolve) => {
    markIssued = resolve;
  });
  /** Whether the outside write finished while the transaction was still open. */
  let duringTransaction: "written" | "still waiting" | undefined;
  const failing = db
    .$transaction(async (tx) => {
      await tx.user.create({ data: { appid: "tt_a", openid: "in-transaction" } });
      markInside();
      await issued;
      // The outside write has been issued. Without the wrapper it runs at once on the one
      // connection, inside this transaction, and finishes; with it, it waits for this
      // transaction to end, so the bound below is what ends the wait (it only costs time).
      const bound = new Promise<"still waiting">((resolve) =>
        setTimeout(() => resolve("still waiting"), 300),
      );
      duringTransaction = await Promise.race([outside?.then(() => "written" as const), bound]);
      throw new Error("roll back");
    })
    .catch((error: Error) => error.message);

  await inside;
  outside = db.user.create({ data: { appid: "tt_a", openid: "outside" } });
  markIssued();

  expect(await failing).toBe("roll back");
  expect(duringTransaction).toBe("still waiting");
  const written = await outside;
  expect(await db.user.findUnique({ where: { id: written.id } })).not.toBeNull();
  expect(await db.user.count({ where: { openid: "in-transaction" } })).toBe(0);
});

it("lets transactions and plain queries interleave without waiting on themselves", async () => {
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? db.$transaction(async (tx) => {
            const user = await tx.user.create({ data: { appid: "tt_b", openid: `tx-${i}` } });
            return tx.user.update({ where: { id: user.id }, data: { unionid: "u" } });
          })
        : db.user.create({ data: { appid: "tt_b", openid: `plain-${i}` } }),
    ),
  );
  expect(results.map((user) => user.openid).sort()).toEqual(
    Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `tx-${i}` : `plain-${i}`)).sort(),
  );
  expect(results.filter((user) => user.unionid === "u")).toHaveLength(10);
  expect(await db.user.count({ where: { appid: "tt_b" } })).toBe(20);
});
