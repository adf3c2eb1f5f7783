import type { LocationReport } from "@tt/contract";
import { type LocationSample, uuidV7 } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Location } from "../../domain/models.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";
import { keepNewest, nextArrival } from "./bounded-history.ts";

/** The fields that are not null (null columns are absent from the answer). */
function present<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

function toLocation(row: Omit<LocationSample, "id" | "userId">): Location {
  return {
    latitude: row.latitude,
    longitude: row.longitude,
    coordType: row.coordType === "gcj02" ? "gcj02" : "wgs84",
    ...present({
      accuracy: row.accuracy,
      altitude: row.altitude,
      verticalAccuracy: row.verticalAccuracy,
      horizontalAccuracy: row.horizontalAccuracy,
      speed: row.speed,
      city: row.city,
    }),
    recordedAt: row.createdAt,
  };
}

const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** tt.getLocation reports: only the newest `historyLimit` per user are kept. */
function createLocations(unit: UnitOfWork, historyLimit: number) {
  return {
    /**
     * Stores the sample and, in the same transaction, deletes the user's older ones (plain SQL:
     * a report on every launch).
     */
    async record(userId: string, report: LocationReport, now = new Date()): Promise<Location> {
      return unit.write(
        async (sql) => {
          const sample = {
            latitude: report.latitude,
            longitude: report.longitude,
            coordType: report.coordType ?? "wgs84",
            accuracy: report.accuracy ?? null,
            altitude: report.altitude ?? null,
            verticalAccuracy: report.verticalAccuracy ?? null,
            horizontalAccuracy: report.horizontalAccuracy ?? null,
            speed: report.speed ?? null,
            city: report.city ?? null,
            createdAt: await nextArrival(sql, "LocationSample", userId, now),
          };
          await sql.all(
            'INSERT INTO "LocationSample" ("id", "userId", "latitude", "longitude", "coordType", "accuracy", "altitude", "verticalAccuracy", "horizontalAccuracy", "speed", "city", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
              uuidV7(now.getTime()),
              userId,
              sample.latitude,
              sample.longitude,
              sample.coordType,
              sample.accuracy,
              sample.altitude,
              sample.verticalAccuracy,
              sample.horizontalAccuracy,
              sample.speed,
              sample.city,
              sample.createdAt,
            ],
          );
          await keepNewest(sql, "LocationSample", userId, historyLimit);
          return toLocation(sample);
        },
        { lockUser: userId },
      );
    },

    async latest(userId: string): Promise<Location | null> {
      const [row] = await unit.read<Omit<LocationSample, "id" | "userId">>(
        'SELECT "latitude", "longitude", "coordType", "accuracy", "altitude", "verticalAccuracy", "horizontalAccuracy", "speed", "city", "createdAt" FROM "LocationSample" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
        [userId],
        { dates: ["createdAt"] },
      );
      return row === undefined ? null : toLocation(row);
    },

    async history(userId: string): Promise<Location[]> {
      const rows = await unit.db.locationSample.findMany({
        where: { userId },
        orderBy: newestFirst,
      });
      return rows.map(toLocation);
    },
  };
}

export type Locations = ReturnType<typeof createLocations>;

declare module "fastify" {
  interface FastifyInstance {
    locations: Locations;
  }
}

export default fp(
  async function locations(app: FastifyInstance) {
    app.decorate("locations", createLocations(app.unitOfWork, app.config.locationHistoryLimit));
  },
  { name: "locations", dependencies: ["config", "db"] },
);
