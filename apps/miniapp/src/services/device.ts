import type { DeviceReport, DeviceSummary } from "@tt/contract";
import type { ApiClient } from "./api-client.ts";
import type { Auth } from "./auth.ts";
import { getSystemInfo } from "./tt-promise.ts";

export interface DeviceService {
  /** tt.getSystemInfo → PUT /api/me/device, the object as it is (the server drops what it does not know). */
  report(): Promise<DeviceSummary>;
}

export function createDeviceService(api: ApiClient, auth: Auth): DeviceService {
  return {
    async report() {
      const info = await getSystemInfo();
      // The typings list fewer fields than a phone answers; the server checks the known ones.
      const body = info as unknown as DeviceReport;
      return auth.authorized((token) => api.reportDevice(token, body));
    },
  };
}
