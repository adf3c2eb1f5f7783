import { type Env, withEnvFile } from "@tt/env";
import {
  type CloudEnvironment,
  DEFAULT_CLOUD_ENVIRONMENT,
  validateCloudEnvironment,
} from "./cloud/environments.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "./start.ts";
import { type EmulatorApp, validateApps } from "./state/apps.ts";

export interface EmulatorProcessConfig {
  readonly host: string;
  readonly port: number;
  readonly seed?: string;
  readonly apps?: readonly EmulatorApp[];
  readonly cloudEnvironments?: readonly CloudEnvironment[];
}

/**
 * The only reader of the environment in the emulator process: process.env with .env at the
 * repository root (or ENV_FILE) underneath it, through the loader every process shares.
 */
export function loadConfig(env: Env = withEnvFile(process.env)): EmulatorProcessConfig {
  return {
    host: nonEmpty(env.EMULATOR_HOST) ?? DEFAULT_HOST,
    port: parsePort(nonEmpty(env.EMULATOR_PORT)),
    seed: nonEmpty(env.EMULATOR_SEED),
    apps: parseApps(nonEmpty(env.EMULATOR_APPS)),
    ...cloudService(nonEmpty(env.EMULATOR_CLOUD_SERVICE_URL)),
  };
}

/** Where the default Douyin Cloud environment's gateway sends callContainer requests. */
function cloudService(url: string | undefined): { cloudEnvironments?: CloudEnvironment[] } {
  if (url === undefined) return {};
  try {
    return {
      cloudEnvironments: [
        validateCloudEnvironment({ ...DEFAULT_CLOUD_ENVIRONMENT, serviceUrl: url }),
      ],
    };
  } catch (error) {
    throw new Error(`EMULATOR_CLOUD_SERVICE_URL: ${(error as Error).message}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new Error("EMULATOR_PORT must be an integer from 0 to 65535");
  }
  return port;
}

function parseApps(value: string | undefined): EmulatorApp[] | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Not the parser's message: it would quote the value, secrets included.
    throw new Error('EMULATOR_APPS must be JSON: [{"appid":"…","secret":"…"}]');
  }
  try {
    return validateApps(parsed);
  } catch (error) {
    throw new Error(`EMULATOR_APPS: ${(error as Error).message}`);
  }
}
