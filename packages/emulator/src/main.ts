#!/usr/bin/env tsx
import { loadConfig } from "./config.ts";
import { startEmulator } from "./start.ts";

async function main(): Promise<void> {
  const emulator = await startEmulator({ ...loadConfig(), logger: true });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      emulator.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("douyin emulator: failed to close:", error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // Configuration errors are ours and never quote secret values.
  console.error(`douyin emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
