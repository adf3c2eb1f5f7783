/** Douyin's default and maximum request timeout ("默认超时时间和最大超时时间都是 60s"). */
export const MAX_REQUEST_TIMEOUT_MS = 60_000;

/**
 * What the loaded program's own files decide about the runtime. Each comes from the program
 * (project.config.json, app.json) unless createTt was given it, which wins.
 */
export interface RuntimeSettings {
  /**
   * project.config.json `setting.urlCheck` ("不校验合法域名…" unticked in devtools when false).
   * True: tt.request refuses plain http:// (and hosts outside `requestDomains`, when set). A phone
   * without debug mode always checks: pass `urlCheck: true` to simulate one. Default true.
   */
  urlCheck: boolean;
  /** The request domain list of the app's console, e.g. ["https://api.example.com"]; unset: any https. */
  requestDomains: readonly string[] | undefined;
  /** app.json `networkTimeout.request` (ms): tt.request's timeout when the call gives none. */
  requestTimeoutMs: number;
  /**
   * app.json `usePrivacyCheck`: privacy-covered APIs need the user's agreement first. On for
   * every app created after 2024-03-25, whatever app.json says: pass `privacyCheck: true` then.
   */
  privacyCheck: boolean;
}

export interface SettingsOptions {
  urlCheck?: boolean;
  requestDomains?: readonly string[];
  networkTimeout?: { request?: number };
  privacyCheck?: boolean;
}

/** The settings, and a way to fill what the options left open from a program's files. */
export function createSettings(options: SettingsOptions): {
  settings: RuntimeSettings;
  applyProgram(files: ProgramFiles): void;
} {
  const settings: RuntimeSettings = {
    urlCheck: options.urlCheck ?? true,
    requestDomains: options.requestDomains,
    requestTimeoutMs: clampTimeout(options.networkTimeout?.request) ?? MAX_REQUEST_TIMEOUT_MS,
    privacyCheck: options.privacyCheck ?? false,
  };
  return {
    settings,
    applyProgram({ projectConfig, appJson }) {
      const urlCheck = record(projectConfig?.setting)?.urlCheck;
      if (options.urlCheck === undefined && typeof urlCheck === "boolean")
        settings.urlCheck = urlCheck;
      const timeout = clampTimeout(record(appJson?.networkTimeout)?.request);
      if (options.networkTimeout?.request === undefined && timeout !== undefined) {
        settings.requestTimeoutMs = timeout;
      }
      const privacy = appJson?.usePrivacyCheck;
      if (options.privacyCheck === undefined && typeof privacy === "boolean") {
        settings.privacyCheck = privacy;
      }
    },
  };
}

/** The loaded program's project.config.json and app.json (parsed), when present. */
export interface ProgramFiles {
  projectConfig: Record<string, unknown> | undefined;
  appJson: Record<string, unknown> | undefined;
}

/** A timeout in ms, capped at Douyin's maximum; undefined when not a positive number. */
export function clampTimeout(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(value, MAX_REQUEST_TIMEOUT_MS);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
