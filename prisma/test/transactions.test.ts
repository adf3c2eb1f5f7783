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
  const failing = db
    .$transaction(async (tx) => {
      await tx.user.create({ data: { appid: "tt_a", openid: "in-transaction" } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error("roll back");
    })
    .catch((error: Error) => error.message);
  await new Promise((resolve) => setTimeout(resolve, 10));
  const outside = await db.user.create({ data: { appid: "tt_a", openid: "outside" } });

  expect(await failing).toBe("roll back");
  expect(await db.user.findUnique({ where: { id: outside.id } })).not.toBeNull();
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
  expect(results).toHaveLength(20);
  expect(await db.user.count({ where: { appid: "tt_b" } })).toBe(20);
});
