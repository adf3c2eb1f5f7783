import { ApiPaths } from "@tt/contract";
import type { SimulatedTt } from "@tt/emulator/tt-simulator";

const pollMs = 10;
const GATEWAY_PATH = "/device/cloud/call-container";

/** One API exchange, however it travelled: tt.request, callContainer or the emulator's gateway. */
interface Exchange {
  readonly label: string;
  readonly path: string;
  /** The API's status, once it answered. */
  readonly statusCode: number | undefined;
  readonly done: boolean;
}

function exchanges(tt: SimulatedTt): Exchange[] {
  const viaRequest = tt.$sim.requests.map((record): Exchange => {
    const done = record.statusCode !== undefined || record.errMsg !== undefined;
    const path = new URL(record.url).pathname;
    if (path !== GATEWAY_PATH) {
      return { label: record.url, path, statusCode: record.statusCode, done };
    }
    // Emulator-mode Douyin Cloud: the API's own answer is inside the gateway's.
    const apiPath = (record.data as { path?: string } | undefined)?.path ?? "";
    const answer = record.responseData as { statusCode?: number } | undefined;
    return { label: `gateway ${apiPath}`, path: apiPath, statusCode: answer?.statusCode, done };
  });
  const viaContainer = tt.$sim.containerCalls.map(
    (call): Exchange => ({
      label: `callContainer ${call.path}`,
      path: call.path,
      statusCode: call.statusCode,
      done: call.statusCode !== undefined || call.errMsg !== undefined,
    }),
  );
  return [...viaRequest, ...viaContainer];
}

/**
 * Resolves once the program behind `tt` has nothing in flight: every tt.request and
 * callContainer answered, and one device report (PUT /api/me/device, which the app sends on its
 * own after each login) per login the API accepted. Fails after `timeoutMs`, naming what is still
 * in flight: a test must not go on as if its program were quiet.
 */
export async function untilQuiet(tt: SimulatedTt, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = exchanges(tt);
    const logins = all.filter((e) => e.path === ApiPaths.login && e.statusCode === 200).length;
    const reports = all.filter((e) => e.path === ApiPaths.meDevice && e.done).length;
    if (all.every((e) => e.done) && reports >= logins) return;
    if (Date.now() >= deadline) {
      const pending = all.filter((e) => !e.done).map((e) => e.label);
      throw new Error(
        `still busy after ${timeoutMs} ms: ${pending.length} requests in flight (${pending.join(", ")}), ${reports} device reports for ${logins} logins`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
