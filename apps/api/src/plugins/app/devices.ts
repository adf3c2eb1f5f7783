import type { DeviceReport, DeviceSummary } from "@tt/contract";
import type { DeviceSnapshot, PrismaClient } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { arrivalTime } from "../../lib/known-fields.ts";

export function toDeviceSummary(row: DeviceSnapshot): DeviceSummary {
  return {
    brand: row.brand,
    model: row.model,
    system: row.system,
    platform: row.platform,
    appName: row.appName,
    version: row.version,
    SDKVersion: row.sdkVersion,
    recordedAt: row.createdAt.toISOString(),
  };
}

/** tt.getSystemInfo reports, one row each; `details` holds every validated field as JSON. */
function createDevices(db: PrismaClient, historyLimit: number) {
  const newest = (userId: string) =>
    db.deviceSnapshot.findFirst({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });

  return {
    /** `report` must hold the known fields only (unknown ones already dropped). */
    async record(userId: string, report: DeviceReport, now = new Date()): Promise<DeviceSnapshot> {
      return db.$transaction(async (tx) => {
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
        return snapshot;
      });
    },

    latest: newest,
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
    app.decorate("devices", createDevices(app.db, app.config.deviceHistoryLimit));
  },
  { name: "devices", dependencies: ["db"] },
);
