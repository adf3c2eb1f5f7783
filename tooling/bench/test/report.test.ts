// The benchmark's report: medians over rounds, each route's share of its hand-written limit and
// its p99 against the limit's, the peak RSS over the rounds: the figures the README quotes.
import { describe, expect, it } from "vitest";
import { type Measurement, markdownReport, type Report, rows, textReport } from "../src/report.ts";

const measurement = (
  server: string,
  requestsPerSecond: number,
  p99Ms: number,
  extra: Partial<Measurement> = {},
): Measurement => ({
  database: "sqlite",
  route: "GET /api/me",
  server,
  requestsPerSecond,
  p50Ms: 1,
  p99Ms,
  failures: 0,
  peakRssMb: 100,
  cpuUsPerRequest: 100,
  ...extra,
});

const report = (measurements: Measurement[]): Report => ({
  date: "2026-12-04T00:00:00.000Z",
  machine: { cpus: 2, cpu: "test cpu", node: "v20.20.2" },
  settings: { seconds: 5, rounds: 3, connections: 50 },
  startups: [
    {
      database: "sqlite",
      server: "ours (built API)",
      readyMs: 800,
      readyRssMb: 110,
      idleRssMb: 130,
      restingRssMb: 190,
    },
  ],
  measurements,
  testSuiteSeconds: 110,
  durationSeconds: 200,
});

describe("the benchmark report", () => {
  const measurements = [
    measurement("hand-written limit", 1000, 10, { cpuUsPerRequest: 90 }),
    measurement("hand-written limit", 3000, 30, { cpuUsPerRequest: 110 }),
    measurement("hand-written limit", 2000, 20),
    measurement("ours (built API)", 900, 40, { peakRssMb: 300, failures: 2, cpuUsPerRequest: 260 }),
    measurement("ours (built API)", 1100, 60, { peakRssMb: 250, cpuUsPerRequest: 240 }),
    measurement("ours (built API)", 1000, 50, { cpuUsPerRequest: 250 }),
  ];

  it("takes medians over the rounds and compares each server with the route's limit", () => {
    const [limit, ours] = rows(report(measurements));
    expect(limit).toMatchObject({
      requestsPerSecond: 2000,
      p99Ms: 20,
      ofLimit: "",
      p99OfLimit: "",
    });
    expect(ours).toMatchObject({
      requestsPerSecond: 1000,
      p99Ms: 50,
      ofLimit: "50 %",
      p99OfLimit: "2.5×",
      peakRssMb: 300,
      failures: 2,
      cpuUsPerRequest: 250,
      cpuOfLimit: "40 %",
    });
  });

  it("leaves the ratios empty for a route without a limit", () => {
    const [bare] = rows(
      report([measurement("bare Fastify", 40_000, 3, { route: "GET /constant" })]),
    );
    expect(bare).toMatchObject({ ofLimit: "", p99OfLimit: "", cpuOfLimit: "" });
  });

  it("prints the table, the start-up figures and the test suite's time", () => {
    const text = textReport(report(measurements));
    expect(text).toMatch(/ours \(built API\)\s+1000\s+50 %/);
    expect(text).toContain(
      "sqlite, ours (built API): ready 800 ms after spawn; RSS 110 MB at ready, " +
        "130 MB idle after one user's sign-up, 190 MB at rest after the load",
    );
    expect(text).toContain("the test suite (pnpm test): 110 s");
    const markdown = markdownReport(report(measurements));
    expect(markdown).toContain("| sqlite | GET /api/me | ours (built API) | 1000 | 50 % |");
    expect(markdown).toContain("3 interleaved rounds");
  });
});
