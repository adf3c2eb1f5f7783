import { networkInterfaces } from "node:os";

/** This machine's IPv4 addresses on its local networks: what a phone on the same Wi-Fi can reach. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === "IPv4" && !entry.internal)
    .map((entry) => entry.address);
}

/**
 * How to preview on a phone: the API (and in emulator mode the emulator) listening on the LAN
 * address, and that address built into the app.
 */
export function phonePreviewHint(apiPort: string, emulatorPort: string | undefined): string[] {
  const [address] = lanAddresses();
  if (address === undefined) return ["no LAN address found: a phone cannot reach this machine"];
  const api = `HOST=0.0.0.0 MINIAPP_API_BASE_URL=http://${address}:${apiPort}`;
  const emulator =
    emulatorPort === undefined
      ? ""
      : ` EMULATOR_HOST=0.0.0.0 MINIAPP_EMULATOR_URL=http://${address}:${emulatorPort}`;
  return [`to preview on a phone on this network: ${api}${emulator} pnpm dev`];
}
