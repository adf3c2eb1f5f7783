import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, DeviceReport, DeviceSummary, Location, LocationReport } from "@tt/contract";
import { knownFields } from "../../lib/known-fields.ts";

import { problemResponses } from "../../schemas/problem-responses.ts";
import { toDeviceSummary, toLocationDto } from "../dto.ts";

/** Reports the device makes on its own (no user secret involved): system info and location. */
const device: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    ApiPaths.meDevice,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "Record tt.getSystemInfo's report",
        description:
          "The known fields are checked (types, ranges, lengths) and stored; unknown fields are dropped.",
        security: [{ bearerAuth: [] }],
        body: DeviceReport,
        response: { 200: DeviceSummary, ...problemResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const userId = request.user.sub;
      const row = await app.devices.record(userId, knownFields(DeviceReport, request.body));
      return toDeviceSummary(row);
    },
  );

  app.put(
    ApiPaths.meLocation,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "Record tt.getLocation's report",
        description: `Post tt.getLocation's object with coordType (the type asked for, default wgs84). Unknown fields are dropped. Only the newest ${app.config.locationHistoryLimit} locations of a user are kept.`,
        security: [{ bearerAuth: [] }],
        body: LocationReport,
        response: { 200: Location, ...problemResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const userId = request.user.sub;
      const row = await app.locations.record(userId, knownFields(LocationReport, request.body));
      return toLocationDto(row);
    },
  );
};

export default device;
