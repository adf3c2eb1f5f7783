// The emulator for a benchmark: its own process, no request log (it answers every login's
// jscode2session, and logging each would slow the side being measured).
import { startEmulator } from "@tt/emulator";
import { announceListening, readServerOptions } from "./server-options.ts";

const { port } = readServerOptions();
await startEmulator({ port, seed: "bench", logger: false });
announceListening(port);
