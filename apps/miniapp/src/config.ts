/** A Douyin Cloud container service: what tt.createCloud is given. */
export interface CloudService {
  readonly envID: string;
  readonly serviceID?: string;
}

export interface ClientConfig {
  /** Origin (and optional path prefix) of the API, without a trailing slash. */
  readonly apiBaseUrl: string;
  /** Douyin Cloud mode: the API is this service, called through callContainer (apiBaseUrl unused). */
  readonly cloud: CloudService | undefined;
  /**
   * Subscription templates asked for together by "subscribe to order updates": at most 3, all
   * one-time or all long-term (one request may not mix them).
   */
  readonly subscribeTemplateIds: readonly string[];
}

export const config: ClientConfig = {
  apiBaseUrl: __API_BASE_URL__.replace(/\/+$/, ""),
  cloud: __CLOUD__ || undefined,
  subscribeTemplateIds: __SUBSCRIBE_TEMPLATE_IDS__,
};
