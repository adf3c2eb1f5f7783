export interface ClientConfig {
  /** Origin (and optional path prefix) of the API, without a trailing slash. */
  readonly apiBaseUrl: string;
}

export const config: ClientConfig = {
  apiBaseUrl: __API_BASE_URL__.replace(/\/+$/, ""),
};
