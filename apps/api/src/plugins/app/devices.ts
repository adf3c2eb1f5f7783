import type { DeviceReport } from "@tt/contract";
import type { DeviceSnapshot } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Device } from "../../domain/models.ts";
import { arrivalTime } from "../../lib/known-fields.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";

function toDevice(row: DeviceSnapshot): Device {
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
      return unit.run(async () => {
        const tx = unit.db;
        await unit.lockUser(userId);
        const previous = await tx.deviceSnapshot.findFirst({
          where: { userId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { createdAt: true },
        });
        const snapshot = await tx.deviceSnapshot.create({
          data: {
            userId,
            brand: report.brand,
            model: report.model,
            system: report.system,
            platform: report.platform,
            appName: report.appName,
            version: report.version,
            sdkVersion: report.SDKVersion,
            details: JSON.stringify(report),
            createdAt: arrivalTime(previous?.createdAt, now),
          },
        });
        // Bounded like locations: a client reporting in a loop must not grow the table forever.
        const older = await tx.deviceSnapshot.findMany({
          where: { userId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          skip: historyLimit,
          select: { id: true },
        });
        if (older.length > 0) {
          await tx.deviceSnapshot.deleteMany({ where: { id: { in: older.map((row) => row.id) } } });
        }
        return toDevice(snapshot);
      });
    },

    async latest(userId: string): Promise<Device | null> {
      const row = await unit.db.deviceSnapshot.findFirst({
        where: { userId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
      return row && toDevice(row);
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
