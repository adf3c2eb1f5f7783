import { DEFAULT_APP } from "../state/apps.ts";
import { InputError } from "../validation.ts";

/**
 * A Douyin Cloud environment as the emulator's gateway knows it: the app it belongs to and the
 * one container service behind it (Douyin Cloud may hold several services per environment; the
 * emulator serves one, reachable over HTTP at serviceUrl).
 */
export interface CloudEnvironment {
  readonly envID: string;
  readonly serviceID: string;
  readonly appid: string;
  readonly serviceUrl: string;
}

/** What `pnpm dev` runs: the default app's environment in front of the local API. */
export const DEFAULT_CLOUD_ENVIRONMENT: CloudEnvironment = Object.freeze({
  envID: "tt-emulator-env",
  serviceID: "tt-api",
  appid: DEFAULT_APP.appid,
  serviceUrl: "http://127.0.0.1:3000",
});

const ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export function validateCloudEnvironment(value: unknown): CloudEnvironment {
  const fields = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const id = (key: "envID" | "serviceID" | "appid"): string => {
    const field = fields[key];
    if (typeof field !== "string" || !ID_PATTERN.test(field)) {
      throw new InputError(`${key} must be 1-64 characters of A-Z a-z 0-9 _ . -`);
    }
    return field;
  };
  const environment = {
    envID: id("envID"),
    serviceID: id("serviceID"),
    appid: id("appid"),
    serviceUrl: serviceUrl(fields.serviceUrl),
  };
  const unknown = Object.keys(fields).filter((key) => !(key in environment));
  if (unknown.length > 0) throw new InputError(`unknown field(s): ${unknown.join(", ")}`);
  return Object.freeze(environment);
}

function serviceUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") || url.search) {
    throw new InputError("serviceUrl must be an http(s) URL without a query");
  }
  return url.href.replace(/\/+$/, "");
}

/** The environments the gateway routes to; a reset brings back the configured ones. */
export class CloudEnvironments {
  readonly #configured: readonly CloudEnvironment[];
  readonly #byId = new Map<string, CloudEnvironment>();

  constructor(configured: readonly CloudEnvironment[]) {
    this.#configured = configured.map(validateCloudEnvironment);
    this.clear();
  }

  find(envID: string): CloudEnvironment | undefined {
    return this.#byId.get(envID);
  }

  /** Adds an environment or replaces the one of that envID. */
  set(environment: CloudEnvironment): void {
    this.#byId.set(environment.envID, environment);
  }

  list(): CloudEnvironment[] {
    return [...this.#byId.values()];
  }

  clear(): void {
    this.#byId.clear();
    for (const environment of this.#configured) this.set(environment);
  }
}
