import type { SubscriptionTemplate } from "./templates.ts";

export type GrantDecision = "accept" | "reject";

interface TemplateGrant {
  /** Unused one-time grants: every accept adds one, every send uses one. */
  oneTime: number;
  /** A long-term template's standing answer. */
  longTerm: GrantDecision | undefined;
  /** What the user ticked in the panel the last time they accepted. */
  alwaysSubscribe: boolean;
}

export interface GrantView extends Readonly<TemplateGrant> {
  readonly templateId: string;
}

/** What users allowed each app to send them, per openid and template. */
export class GrantStore {
  readonly #grants = new Map<string, TemplateGrant>();

  record(
    appid: string,
    openid: string,
    template: SubscriptionTemplate,
    decision: GrantDecision,
    alwaysSubscribe: boolean,
  ): void {
    const grant = this.#grant(appid, openid, template.templateId);
    if (template.kind === "long-term") grant.longTerm = decision;
    else if (decision === "accept") grant.oneTime += 1;
    if (decision === "accept") grant.alwaysSubscribe = alwaysSubscribe;
  }

  isSubscribed(appid: string, openid: string, template: SubscriptionTemplate): boolean {
    const grant = this.#grants.get(key(appid, openid, template.templateId));
    if (grant === undefined) return false;
    return template.kind === "long-term" ? grant.longTerm === "accept" : grant.oneTime > 0;
  }

  alwaysSubscribe(appid: string, openid: string, templateId: string): boolean {
    return this.#grants.get(key(appid, openid, templateId))?.alwaysSubscribe ?? false;
  }

  /** A send: uses up one one-time grant; long-term grants stay. Call only when subscribed. */
  use(appid: string, openid: string, template: SubscriptionTemplate): void {
    if (template.kind === "long-term") return;
    const grant = this.#grant(appid, openid, template.templateId);
    grant.oneTime = Math.max(0, grant.oneTime - 1);
  }

  /** What one user allowed one app, per template id. */
  list(appid: string, openid: string): GrantView[] {
    const prefix = key(appid, openid, "");
    return [...this.#grants]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, grant]) => ({ templateId: k.slice(prefix.length), ...grant }));
  }

  clear(): void {
    this.#grants.clear();
  }

  #grant(appid: string, openid: string, templateId: string): TemplateGrant {
    const k = key(appid, openid, templateId);
    let grant = this.#grants.get(k);
    if (grant === undefined) {
      grant = { oneTime: 0, longTerm: undefined, alwaysSubscribe: false };
      this.#grants.set(k, grant);
    }
    return grant;
  }
}

function key(appid: string, openid: string, templateId: string): string {
  return `${appid}\u0000${openid}\u0000${templateId}`;
}
