import type { Location, LocationReport } from "@tt/contract";
import type { ApiClient } from "./api-client.ts";
import type { Auth } from "./auth.ts";
import { authorize, getLocation, isAuthDenied, openSetting } from "./tt-promise.ts";

export type CoordType = "wgs84" | "gcj02";
export type LocationOutcome = { kind: "saved"; location: Location } | { kind: "denied" };

export interface LocationService {
  /** tt.authorize(scope.userLocation) → tt.getLocation → PUT /api/me/location. */
  shareLocation(coordType?: CoordType): Promise<LocationOutcome>;
  /** tt.openSetting, for a user who refused the location earlier: true if it is allowed now. */
  openLocationSettings(): Promise<boolean>;
}

const scope = "scope.userLocation";

export function createLocationService(api: ApiClient, auth: Auth): LocationService {
  return {
    async shareLocation(coordType = "wgs84") {
      try {
        await authorize({ scope });
      } catch (error) {
        if (isAuthDenied(error)) return { kind: "denied" };
        // Douyin is retiring tt.authorize: without it, getLocation asks by itself.
        console.warn("[location] tt.authorize failed; asking through getLocation", error);
      }
      let position: Awaited<ReturnType<typeof getLocation>>;
      try {
        position = await getLocation({ type: coordType });
      } catch (error) {
        if (isAuthDenied(error)) return { kind: "denied" };
        throw error;
      }
      const { errMsg: _errMsg, ...fields } = position;
      const body: LocationReport = { ...fields, coordType };
      const location = await auth.authorized((token) => api.reportLocation(token, body));
      return { kind: "saved", location };
    },
    async openLocationSettings() {
      const { authSetting } = await openSetting();
      return authSetting[scope] === true;
    },
  };
}
