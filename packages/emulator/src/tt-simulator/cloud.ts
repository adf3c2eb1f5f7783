import { DEVICE_CALL_CONTAINER_PATH } from "../cloud/call-container.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import { NotSimulatedError, TtFailure } from "./errors.ts";
import type { Persona } from "./login.ts";

export interface CallContainerOptions {
  path: string;
  init?: { method?: string; header?: Record<string, string>; body?: unknown; timeout?: number };
}

export interface ContainerResponse {
  statusCode: number;
  header: Record<string, string>;
  data: string;
}

/** One Cloud.callContainer as the test sees it afterwards. */
export interface ContainerCallRecord {
  envID: string;
  serviceID?: string;
  path: string;
  method: string;
  statusCode?: number;
  errMsg?: string;
}

/**
 * tt.createCloud({envID, serviceID?}) (base library 2.70.0): a Cloud whose callContainer goes
 * through the emulator's Douyin Cloud gateway, which needs the persona's tt.login session and tells
 * the service who calls. Only callContainer is simulated (not CloudID, files or sockets).
 */
export function cloudApis(
  emulatorUrl: string,
  persona: Persona,
  records: ContainerCallRecord[],
  report: ErrorReporter,
) {
  return {
    createCloud(options: { envID?: unknown; serviceID?: unknown }) {
      const { envID, serviceID } = options ?? {};
      if (typeof envID !== "string" || envID === "") {
        throw new TypeError("tt.createCloud: envID must be a non-empty string");
      }
      if (serviceID !== undefined && (typeof serviceID !== "string" || serviceID === "")) {
        throw new TypeError("tt.createCloud: serviceID must be a non-empty string");
      }
      const notSimulated = (api: string) => () => {
        throw new NotSimulatedError(`createCloud().${api}`);
      };
      return {
        envID,
        ...(serviceID === undefined ? {} : { serviceID }),
        callContainer(call: CallContainerOptions & CallbackOptions<ContainerResponse>) {
          const record: ContainerCallRecord = {
            envID,
            ...(serviceID === undefined ? {} : { serviceID }),
            path: call?.path,
            method: (call?.init?.method ?? "GET").toUpperCase(),
          };
          records.push(record);
          settleAsync(
            "callContainer",
            call,
            async () => {
              try {
                const answer = await callDevice(emulatorUrl, persona, {
                  method: "POST",
                  path: DEVICE_CALL_CONTAINER_PATH,
                  body: {
                    envID,
                    ...(serviceID === undefined ? {} : { serviceID }),
                    path: call?.path,
                    ...(call?.init === undefined ? {} : { init: call.init }),
                  },
                });
                const response = answer as unknown as ContainerResponse;
                record.statusCode = response.statusCode;
                return response;
              } catch (error) {
                if (error instanceof TtFailure)
                  record.errMsg = `callContainer:fail ${error.message}`;
                throw error;
              }
            },
            report,
          );
        },
        CloudID: notSimulated("CloudID"),
        uploadFile: notSimulated("uploadFile"),
        downloadFile: notSimulated("downloadFile"),
        deleteFile: notSimulated("deleteFile"),
        getTempFileURL: notSimulated("getTempFileURL"),
        connectContainer: notSimulated("connectContainer"),
      };
    },
  };
}
