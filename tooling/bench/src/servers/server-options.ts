/** What the orchestrator hands each benchmark server, as one JSON argument (no environment). */
export interface ServerOptions {
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  /** base64, 32 bytes. */
  sessionKeyEncryptionKey: string;
  emulatorUrl: string;
  appid: string;
  secret: string;
}

export function readServerOptions(): ServerOptions {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error("usage: <server> '<ServerOptions as JSON>'");
  return JSON.parse(raw) as ServerOptions;
}

/** The line the orchestrator waits for. */
export function announceListening(port: number): void {
  process.stdout.write(`listening on ${port}\n`);
}
