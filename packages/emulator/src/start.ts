import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { type BuildEmulatorOptions, createEmulatorServer } from "./server.ts";
import type { RegisteredApp } from "./state/apps.ts";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 3100;

export interface StartEmulatorOptions extends BuildEmulatorOptions {
  /** 0 picks a free port (tests). Default 3100. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:3100: both the platform's and the device's host. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** With templates, public and (when known) private keys. */
  readonly apps: readonly RegisteredApp[];
  readonly server: FastifyInstance;
  close(): Promise<void>;
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { app, state } = createEmulatorServer(options);
  const host = options.host ?? DEFAULT_HOST;
  await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    host,
    port,
    apps: state.apps.list(),
    server: app,
    close: () => app.close(),
  };
}
