import type { DeviceReport } from "@tt/contract";
import { type DeviceSnapshot, uuidV7 } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Device } from "../../domain/models.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";
import { keepNewest, nextArrival } from "./bounded-history.ts";

type DeviceColumns = Omit<DeviceSnapshot, "id" | "userId" | "details">;

function toDevice(row: DeviceColumns): Device {
  return {
    brand: row.brand,
    model: row.model,
    system: row.system,
    platform: row.platform,
    appName: row.appName,
    version: row.version,
    sdkVersion: row.sdkVersion,
    recordedAt: row.createdAt,
  };
}

/** tt.getSystemInfo reports, one row each; `details` holds every validated field as JSON. */
function createDevices(unit: UnitOfWork, historyLimit: number) {
  return {
    /** `report` must hold the known fields only (unknown ones already dropped). */
    async record(userId: string, report: DeviceReport, now = new Date()): Promise<Device> {
      // Plain SQL: the hot write path (a report after every login and launch).
      return unit.write(
        async (sql) => {
          const device: Device = {
            brand: report.brand,
            model: report.model,
            system: report.system,
            platform: report.platform,
            appName: report.appName,
            version: report.version,
            sdkVersion: report.SDKVersion,
            recordedAt: await nextArrival(sql, "DeviceSnapshot", userId, now),
          };
          await sql.all(
            'INSERT INTO "DeviceSnapshot" ("id", "userId", "brand", "model", "system", "platform", "appName", "version", "sdkVersion", "details", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
              uuidV7(now.getTime()),
              userId,
              device.brand,
              device.model,
              device.system,
              device.platform,
              device.appName,
              device.version,
              device.sdkVersion,
              JSON.stringify(report),
              device.recordedAt,
            ],
          );
          await keepNewest(sql, "DeviceSnapshot", userId, historyLimit);
          return device;
        },
        { lockUser: userId },
      );
    },

    async latest(userId: string): Promise<Device | null> {
      const [row] = await unit.read<DeviceColumns>(
        'SELECT "brand", "model", "system", "platform", "appName", "version", "sdkVersion", "createdAt" FROM "DeviceSnapshot" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
        [userId],
        { dates: ["createdAt"] },
      );
      return row === undefined ? null : toDevice(row);
    },
  };
}

export type Devices = ReturnType<typeof createDevices>;

declare module "fastify" {
  interface FastifyInstance {
    devices: Devices;
  }
}

export default fp(
  async function devices(app: FastifyInstance) {
    app.decorate("devices", createDevices(app.unitOfWork, app.config.deviceHistoryLimit));
  },
  { name: "devices", dependencies: ["db"] },
);
