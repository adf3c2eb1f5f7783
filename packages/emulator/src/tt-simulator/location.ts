import type { UserAnswers } from "./answers.ts";
import type { Authorization } from "./authorization.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";
import type { Persona } from "./login.ts";

export interface LocationResult {
  latitude: number;
  longitude: number;
  altitude: number;
  accuracy: number;
  verticalAccuracy: number;
  horizontalAccuracy: number;
  speed: number;
  city?: string;
}

export interface AddressResult {
  userName: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  telNumber: string;
}

/** Douyin's documented errorCode for "chooseAddress:fail cancel" (the user closed the picker). */
export const CHOOSE_ADDRESS_CANCEL_CODE = 103_995;

/** tt.getLocation (scope.userLocation) and tt.chooseAddress (scope.address). */
export function locationApis(
  emulatorUrl: string,
  persona: Persona,
  answers: UserAnswers,
  authorization: Authorization,
  report: ErrorReporter,
) {
  const withoutErrMsg = (body: Record<string, unknown>) => {
    const { errMsg: _ignored, ...result } = body;
    return result;
  };
  return {
    getLocation(
      options?: {
        type?: "wgs84" | "gcj02";
        isHighAccuracy?: boolean;
      } & CallbackOptions<LocationResult>,
    ) {
      settleAsync(
        "getLocation",
        options,
        async () => {
          authorization.require("scope.userLocation");
          const body = await callDevice(emulatorUrl, persona, {
            method: "GET",
            path: "/device/location",
            query: { type: options?.type ?? "wgs84" },
          });
          return withoutErrMsg(body) as unknown as LocationResult;
        },
        report,
      );
    },
    chooseAddress(options?: CallbackOptions<AddressResult>) {
      settleAsync(
        "chooseAddress",
        options,
        async () => {
          authorization.require("scope.address");
          if (answers.chooseAddress === "cancel") {
            throw new TtFailure("cancel", CHOOSE_ADDRESS_CANCEL_CODE);
          }
          const body = await callDevice(emulatorUrl, persona, {
            method: "GET",
            path: "/device/address",
          });
          return withoutErrMsg(body) as unknown as AddressResult;
        },
        report,
      );
    },
  };
}
