import type { FastifyInstance } from "fastify";
import { openSuccess } from "../../envelopes.ts";
import { OPEN_ERRORS } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { openCall } from "./open-call.ts";

export const URL_LINK_PATH = "/api/apps/v1/url_link/generate/";

const APP_NAMES = ["douyin", "douyinlite", "toutiao", "toutiaolite"];
/** The docs: expire_time at most 180 days ahead. */
const MAX_LIFETIME_S = 180 * 24 * 60 * 60;

/**
 * `{app_id | ma_app_id, app_name, path?, query?, expire_time}` → `data.url_link`. Unsure: the
 * docs name the id `app_id`, other sources `ma_app_id`; both are accepted. Parameter errors
 * answer the general 28001007.
 */
export function registerUrlLink(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(URL_LINK_PATH, { family: "open" });

  app.post(URL_LINK_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      const appId = fields.app_id ?? fields.ma_app_id;
      if (appId !== registered.appid)
        return fail(OPEN_ERRORS.badParams, "app_id is not the token's app");
      if (typeof fields.app_name !== "string" || !APP_NAMES.includes(fields.app_name)) {
        return fail(OPEN_ERRORS.badParams, `app_name must be one of ${APP_NAMES.join(", ")}`);
      }
      const { path, query, expire_time: expireTime } = fields;
      if (
        path !== undefined &&
        (typeof path !== "string" || path.includes("?") || path.length > 1024)
      ) {
        return fail(OPEN_ERRORS.badParams, "path must be a page path without a query");
      }
      if (query !== undefined && (typeof query !== "string" || query.length > 1024)) {
        return fail(
          OPEN_ERRORS.badParams,
          "query must be a JSON string of at most 1024 characters",
        );
      }
      const now = Math.floor(state.clock.now() / 1000);
      if (
        typeof expireTime !== "number" ||
        !Number.isInteger(expireTime) ||
        expireTime <= now ||
        expireTime > now + MAX_LIFETIME_S
      ) {
        return fail(
          OPEN_ERRORS.badParams,
          "expire_time must be a Unix time within the next 180 days",
        );
      }
      return openSuccess({ url_link: `https://z.douyin.com/${state.ids.urlLinkCode()}` }, logId);
    }),
  );
}
