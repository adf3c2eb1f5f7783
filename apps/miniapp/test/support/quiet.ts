import { ApiPaths } from "@tt/contract";
import type { SimulatedTt } from "@tt/emulator/tt-simulator";

const pollMs = 10;

/**
 * Resolves once the program behind `tt` has nothing in flight: every tt.request answered, and one
 * device report (PUT /api/me/device, which the app sends on its own after each login) per login
 * the API accepted. Fails after `timeoutMs`, naming what is still in flight: a test must not go
 * on as if its program were quiet.
 */
export async function untilQuiet(tt: SimulatedTt, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const done = (record: { statusCode?: number; errMsg?: string }) =>
    record.statusCode !== undefined || record.errMsg !== undefined;
  const pathOf = (url: string) => new URL(url).pathname;
  for (;;) {
    const { requests } = tt.$sim;
    const logins = requests.filter(
      (record) => pathOf(record.url) === ApiPaths.login && record.statusCode === 200,
    ).length;
    const reports = requests.filter(
      (record) => pathOf(record.url) === ApiPaths.meDevice && done(record),
    ).length;
    if (requests.every(done) && reports >= logins) return;
    if (Date.now() >= deadline) {
      const pending = requests.filter((record) => !done(record)).map((record) => record.url);
      throw new Error(
        `still busy after ${timeoutMs} ms: ${pending.length} requests in flight (${pending.join(", ")}), ${reports} device reports for ${logins} logins`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
