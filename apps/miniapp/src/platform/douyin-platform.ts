import type { CloudService } from "../config.ts";
import {
  getUserProfile,
  login,
  requestSubscribeMessage,
  TtApiError,
} from "../services/tt-promise.ts";
import type { ContainerRequest, ContainerResponse, DevicePlatform } from "./device-platform.ts";

/** Real mode: Douyin's own answers, from the real `tt`. */
export function createDouyinPlatform(): DevicePlatform {
  // One Cloud instance per service, made on first use (tt.createCloud needs base library 2.70.0).
  const clouds = new Map<string, ReturnType<typeof tt.createCloud>>();
  const cloudOf = ({ envID, serviceID }: CloudService) => {
    const key = `${envID}/${serviceID ?? ""}`;
    let cloud = clouds.get(key);
    if (cloud === undefined) {
      cloud = tt.createCloud(serviceID === undefined ? { envID } : { envID, serviceID });
      clouds.set(key, cloud);
    }
    return cloud;
  };

  return {
    mode: "douyin",
    async login(force) {
      const { code, anonymousCode, isLogin } = await login({ force });
      return {
        ...(code ? { code } : {}),
        ...(anonymousCode ? { anonymousCode } : {}),
        isLogin: Boolean(isLogin),
      };
    },
    // force: a person not logged in to Douyin gets its login panel instead of a failure.
    getUserProfile: () => getUserProfile({ force: true }),
    requestSubscribeMessage,
    callContainer(service: CloudService, request: ContainerRequest): Promise<ContainerResponse> {
      return new Promise((resolve, reject) => {
        cloudOf(service).callContainer({
          path: request.path,
          init: {
            method: request.method,
            header: request.header,
            ...(request.body === undefined ? {} : { body: request.body }),
            timeout: request.timeout,
          },
          success: resolve,
          fail: (failure: { errMsg: string; errNo?: number }) =>
            reject(new TtApiError("callContainer", failure)),
        });
      });
    },
  };
}
