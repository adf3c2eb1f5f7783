import type { SubscriptionGrant } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { SubscriptionTemplate } from "../../config.ts";
import type { Grant } from "../../domain/models.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";

/** Keys of tt.requestSubscribeMessage's success object that are not template ids. */
const RESULT_FIELDS = new Set(["errMsg", "templateSettings", "itemSettings"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The template ids the user accepted, from either shape of the success object (validated by the
 * route's schema first). (?) Both shapes may come on one object: a template's status is read from
 * `templateSettings` first, then the legacy top-level key, then `itemSettings`.
 */
export function acceptedTemplateIds(result: Record<string, unknown>): string[] {
  const settings = isRecord(result.templateSettings) ? result.templateSettings : {};
  const items = isRecord(result.itemSettings) ? result.itemSettings : {};
  const ids = new Set<string>([
    ...Object.keys(settings),
    ...Object.keys(result).filter((key) => !RESULT_FIELDS.has(key)),
    ...Object.keys(items),
  ]);
  return [...ids].filter((id) => {
    const setting = settings[id];
    const status =
      (isRecord(setting) ? setting.status : undefined) ??
      (RESULT_FIELDS.has(id) ? undefined : result[id]) ??
      items[id];
    return status === "accept";
  });
}

export function toGrant(
  row: Pick<SubscriptionGrant, "templateId" | "kind" | "credits" | "active">,
): Grant {
  return {
    templateId: row.templateId,
    kind: row.kind === "long-term" ? "long-term" : "one-time",
    credits: row.credits,
    active: row.active,
  };
}

/**
 * Our own record of what each user allowed us to send: one-time grants are credits that a sent
 * message spends, a long-term grant stands until refused. Both the mini-program (the result of
 * tt.requestSubscribeMessage) and Douyin's user_subscribe_action pushes write here. When both
 * report the same accept, a one-time credit is counted twice: the platform stays the authority
 * and answers 28014043 to the extra send, which the outbox turns into `rejected` and a reset of
 * the credits here. Counting too many costs one refused call; counting too few would withhold a
 * message the user asked for.
 */
function createGrants(unit: UnitOfWork, templates: readonly SubscriptionTemplate[]) {
  const byId = new Map(templates.map((template) => [template.id, template]));

  async function accept(userId: string, template: SubscriptionTemplate): Promise<void> {
    const tx = unit.db;
    const where = { userId_templateId: { userId, templateId: template.id } };
    if (template.kind === "one-time") {
      await tx.subscriptionGrant.upsert({
        where,
        create: { userId, templateId: template.id, kind: template.kind, credits: 1, active: true },
        update: { kind: template.kind, credits: { increment: 1 }, active: true },
      });
    } else {
      await tx.subscriptionGrant.upsert({
        where,
        create: { userId, templateId: template.id, kind: template.kind, credits: 0, active: true },
        update: { kind: template.kind, active: true },
      });
    }
  }

  return {
    /** The configured template with this id. */
    template(templateId: string): SubscriptionTemplate | undefined {
      return byId.get(templateId);
    },

    async list(userId: string): Promise<Grant[]> {
      const rows = await unit.read<
        Pick<SubscriptionGrant, "templateId" | "kind" | "credits" | "active">
      >(
        'SELECT "templateId", "kind", "credits", "active" FROM "SubscriptionGrant" WHERE "userId" = ? ORDER BY "templateId" ASC',
        [userId],
        { booleans: ["active"] },
      );
      return rows.map(toGrant);
    },

    /** Records the accepted, configured templates of a subscribe result; answers their ids. */
    async recordResult(userId: string, result: Record<string, unknown>): Promise<string[]> {
      const accepted = acceptedTemplateIds(result).flatMap((id) => byId.get(id) ?? []);
      if (accepted.length === 0) return [];
      await unit.run(async () => {
        // Two results of one user at once must not both create the same grant.
        await unit.lockUser(userId);
        for (const template of accepted) await accept(userId, template);
      });
      return accepted.map((template) => template.id);
    },

    /**
     * A user_subscribe_action: an accept grants as above; refusing a long-term template ends its
     * grant; refusing a one-time template changes nothing (earlier credits stay).
     */
    async applyAction(
      userId: string,
      template: SubscriptionTemplate,
      accepted: boolean,
    ): Promise<void> {
      if (accepted) return accept(userId, template);
      if (template.kind === "one-time") return;
      await unit.db.subscriptionGrant.upsert({
        where: { userId_templateId: { userId, templateId: template.id } },
        create: { userId, templateId: template.id, kind: template.kind, credits: 0, active: false },
        update: { kind: template.kind, active: false },
      });
    },

    /** Whether our record lets us send this template to this user now. */
    async allows(userId: string, template: SubscriptionTemplate): Promise<boolean> {
      const row = await unit.db.subscriptionGrant.findUnique({
        where: { userId_templateId: { userId, templateId: template.id } },
      });
      if (row === null) return false;
      return template.kind === "one-time" ? row.credits > 0 : row.active;
    },

    /** A sent message spends one one-time credit; a long-term grant is untouched. */
    async consume(userId: string, template: SubscriptionTemplate): Promise<void> {
      if (template.kind !== "one-time") return;
      await unit.db.subscriptionGrant.updateMany({
        where: { userId, templateId: template.id, credits: { gt: 0 } },
        data: { credits: { decrement: 1 } },
      });
    },

    /** Douyin said "not subscribed" (28014043): our record was wrong, align it. */
    async revoke(userId: string, template: SubscriptionTemplate): Promise<void> {
      await unit.db.subscriptionGrant.updateMany({
        where: { userId, templateId: template.id },
        data: template.kind === "one-time" ? { credits: 0 } : { active: false },
      });
    },
  };
}

export type Grants = ReturnType<typeof createGrants>;

declare module "fastify" {
  interface FastifyInstance {
    grants: Grants;
  }
}

export default fp(
  async function grants(app: FastifyInstance) {
    app.decorate("grants", createGrants(app.unitOfWork, app.config.douyin.templates));
  },
  { name: "grants", dependencies: ["config", "db"] },
);
