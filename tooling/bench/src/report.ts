import type { LoadResult } from "./load.ts";

export interface Measurement extends LoadResult {
  database: string;
  route: string;
  server: string;
}

export interface Report {
  date: string;
  machine: { cpus: number; cpu: string; node: string };
  settings: { seconds: number; rounds: number; connections: number };
  startups: Startup[];
  measurements: Measurement[];
  /** `pnpm test`'s wall time, with --with-tests. */
  testSuiteSeconds?: number;
  durationSeconds: number;
}

/** One built API process: its start and its resident memory at three moments. */
export interface Startup {
  database: string;
  server: string;
  /** Spawn to `/readyz` answering 200. */
  readyMs: number;
  /** At ready, before any request. */
  readyRssMb: number;
  /** A second after one user signed up through it (login, profile, phone, device, location, subscription). */
  idleRssMb: number;
  /** A second after the last load round. */
  restingRssMb: number;
}

interface Row {
  database: string;
  route: string;
  server: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  failures: number;
  cpuUsPerRequest: number;
  /** Ours and the others against the route's hand-written limit. */
  ofLimit: string;
  p99OfLimit: string;
  /** The limit's CPU time per request over this server's: its share of the limit by CPU cost. */
  cpuOfLimit: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** One row per (database, route, server): medians over the rounds, ratios to the limit. */
export function rows(report: Report): Row[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of report.measurements) {
    const key = `${m.database}\u0000${m.route}\u0000${m.server}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const summary = [...groups.values()].map((group) => {
    const first = group[0] as Measurement;
    return {
      database: first.database,
      route: first.route,
      server: first.server,
      requestsPerSecond: Math.round(median(group.map((m) => m.requestsPerSecond))),
      p50Ms: median(group.map((m) => m.p50Ms)),
      p99Ms: median(group.map((m) => m.p99Ms)),
      peakRssMb: Math.round(Math.max(...group.map((m) => m.peakRssMb))),
      failures: group.reduce((sum, m) => sum + m.failures, 0),
      cpuUsPerRequest: Math.round(median(group.map((m) => m.cpuUsPerRequest))),
    };
  });
  return summary.map((row) => {
    const limit = summary.find(
      (other) =>
        other.database === row.database &&
        other.route === row.route &&
        other.server === "hand-written limit",
    );
    const ratio = (a: number, b: number | undefined) =>
      b === undefined || b === 0 || row.server === "hand-written limit"
        ? ""
        : `${Math.round((a / b) * 100)} %`;
    return {
      ...row,
      ofLimit: ratio(row.requestsPerSecond, limit?.requestsPerSecond),
      p99OfLimit:
        limit === undefined || row.server === "hand-written limit" || limit.p99Ms === 0
          ? ""
          : `${(row.p99Ms / limit.p99Ms).toFixed(1)}×`,
      cpuOfLimit:
        limit === undefined || limit.cpuUsPerRequest === 0
          ? ""
          : ratio(limit.cpuUsPerRequest, row.cpuUsPerRequest),
    };
  });
}

const HEADER = [
  "database",
  "route",
  "server",
  "req/s",
  "of limit",
  "p50 ms",
  "p99 ms",
  "p99 vs limit",
  "peak RSS MB",
  "failures",
  "CPU µs/req",
  "of limit by CPU",
];

function cells(row: Row): string[] {
  return [
    row.database,
    row.route,
    row.server,
    String(row.requestsPerSecond),
    row.ofLimit,
    String(row.p50Ms),
    String(row.p99Ms),
    row.p99OfLimit,
    String(row.peakRssMb),
    String(row.failures),
    String(row.cpuUsPerRequest),
    row.cpuOfLimit,
  ];
}

function startupLines(report: Report): string[] {
  return [
    ...report.startups.map(
      (s) =>
        `${s.database}, ${s.server}: ready ${s.readyMs} ms after spawn; RSS ${s.readyRssMb} MB at ready, ` +
        `${s.idleRssMb} MB idle after one user's sign-up, ${s.restingRssMb} MB at rest after the load`,
    ),
    ...(report.testSuiteSeconds === undefined
      ? []
      : [`the test suite (pnpm test): ${report.testSuiteSeconds} s`]),
  ];
}

export function textReport(report: Report): string {
  const table = [HEADER, ...rows(report).map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((line) => (line[i] ?? "").length)));
  const lines = table.map((line) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));
  return [...lines, "", ...startupLines(report)].join("\n");
}

export function markdownReport(report: Report): string {
  const { machine, settings } = report;
  return [
    "# Benchmark results",
    "",
    `Written by \`pnpm bench\` on ${report.date}: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}; ` +
      `autocannon, ${settings.connections} connections, ${settings.seconds} s per measurement, ` +
      `${settings.rounds} interleaved rounds (medians shown), loopback; the API is the built one ` +
      `(\`apps/api/dist/server.js\`, NODE_ENV=production, LOG_LEVEL=warn, MALLOC_ARENA_MAX=2). Took ${report.durationSeconds} s.`,
    "",
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map(() => "---").join("|")}|`,
    ...rows(report).map((row) => `| ${cells(row).join(" | ")} |`),
    "",
    ...startupLines(report).map((line) => `- ${line}`),
    "",
  ].join("\n");
}
