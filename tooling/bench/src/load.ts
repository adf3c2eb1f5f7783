import autocannon from "autocannon";
import type { Running } from "./processes.ts";

export interface LoadOptions {
  server: Running;
  method: "GET" | "POST" | "PUT";
  path: string;
  headers?: Record<string, string>;
  /** A fixed body, or one per request (login codes are single-use). */
  body?: string | (() => string);
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, and socket errors and timeouts. */
  failures: number;
  peakRssMb: number;
  /**
   * The server's CPU time per answered request, in µs: what it costs, whatever else the machine
   * was doing (req/s drop when a noisy neighbour takes the core; this mostly does not).
   */
  cpuUsPerRequest: number;
}

/** Drives one server with autocannon on loopback, sampling its RSS every 100 ms and its CPU time. */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  const { body } = options;
  let peak = options.server.rssMb();
  const sampler = setInterval(() => {
    peak = Math.max(peak, options.server.rssMb());
  }, 100);
  const cpuBefore = options.server.cpuMs();
  try {
    const result = await autocannon({
      url: `${options.server.url}${options.path}`,
      method: options.method,
      connections: options.connections,
      duration: options.seconds,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      ...(typeof body === "string" ? { body } : {}),
      ...(typeof body === "function"
        ? {
            requests: [
              {
                setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }),
              },
            ],
          }
        : {}),
    });
    return {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
      peakRssMb: Math.max(peak, options.server.rssMb()),
      cpuUsPerRequest:
        result.requests.total === 0
          ? 0
          : ((options.server.cpuMs() - cpuBefore) * 1000) / result.requests.total,
    };
  } finally {
    clearInterval(sampler);
  }
}
