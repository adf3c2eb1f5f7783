// Douyin retries a push it thinks was lost: the same Msg-Id can reach two API instances at once.
// Exactly one stores it; every other answer is "duplicate" (200), never a 500 that would make
// Douyin push it again. On SQLite the database serializes the two transactions, so the race
// reaches the insert only on PostgreSQL (issue 10 runs this file there too).
import { createHash } from "node:crypto";
import { testDatabaseUrl } from "@tt/test-support";
import { describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";
import { messagingEnv } from "./outbox-helpers.ts";

const api = useApi();

describe("the same push at two instances at once", () => {
  it("is stored once and answered duplicate everywhere else", async () => {
    const databaseUrl = testDatabaseUrl(api.dir, "two-instances");
    const env = { ...messagingEnv, DATABASE_URL: databaseUrl };
    const first = await api.build(env);
    const instances = [first, await api.build(env)];
    const urls = await Promise.all(
      instances.map(
        async ({ app }) => `${await app.listen({ host: "127.0.0.1", port: 0 })}/api/douyin/webhook`,
      ),
    );
    const { config } = first;
    for (let round = 0; round < 5; round += 1) {
      const body = JSON.stringify({ event: "some_event", client_key: config.douyin.appid, round });
      const signature = createHash("sha1")
        .update(config.douyin.webhookSecret + body, "utf8")
        .digest("hex");
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetch(urls[i % 2] ?? "", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-douyin-signature": signature,
              "msg-id": `race-${round}`,
            },
            body,
          }).then(async (response) => ({ status: response.status, body: await response.json() })),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
      const outcomes = answers.map((answer) => (answer.body as { status: string }).status).sort();
      expect(outcomes).toEqual([...Array<string>(9).fill("duplicate"), "stored"]);
      expect(await first.app.db.webhookEvent.count({ where: { msgId: `race-${round}` } })).toBe(1);
    }
    for (const { logs } of instances) expect(logs.text).not.toMatch(/"level":50/);
  });
});
