import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiPaths, MeResponse } from "@tt/contract";
import { DomainError, ProblemCode } from "../../domain/errors.ts";

import { problemResponses } from "../../schemas/problem-responses.ts";
import { toDeviceSummary, toLocationDto, toPhoneSummary, toProfileDto, toUserDto } from "../dto.ts";
import addressRoutes from "./address.ts";
import deviceRoutes from "./device.ts";
import phoneRoutes from "./phone.ts";
import profileRoutes from "./profile.ts";

const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    ApiPaths.me,
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["me"],
        summary: "The logged-in user and what they disclosed",
        description:
          "The user; their profile, phone number (masked), newest device report and location (null until sent); " +
          "their subscription grants.",
        security: [{ bearerAuth: [] }],
        response: { 200: MeResponse, ...problemResponses(401) },
      },
    },
    async (request) => {
      const userId = request.user.sub;
      const user = await app.users.findById(userId);
      if (!user) throw new DomainError(ProblemCode.Unauthorized, "This user no longer exists");
      const [profile, phone, device, location, grants] = await Promise.all([
        app.profiles.find(userId),
        app.phones.find(userId),
        app.devices.latest(userId),
        app.locations.latest(userId),
        app.grants.list(userId),
      ]);
      return {
        user: toUserDto(user),
        profile: profile && toProfileDto(profile),
        phone: phone && toPhoneSummary(phone),
        device: device && toDeviceSummary(device),
        location: location && toLocationDto(location),
        grants,
      };
    },
  );

  await app.register(profileRoutes);
  await app.register(phoneRoutes);
  await app.register(deviceRoutes);
  await app.register(addressRoutes);
};

export default me;
