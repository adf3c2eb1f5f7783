import { createHash } from "node:crypto";

/** A subscription message template as the developer console lists it. */
export interface SubscriptionTemplate {
  /** Like the console's ids: "MSG" followed by digits and hex. */
  readonly templateId: string;
  readonly title: string;
  /** One-time grants are used up by one send; long-term grants stand until refused. */
  readonly kind: "one-time" | "long-term";
  /** The keys a message's `data` must have, exactly. */
  readonly keywords: readonly string[];
}

export const TEMPLATE_KINDS = ["one-time", "long-term"] as const;

export const DEFAULT_APP_TEMPLATES: readonly SubscriptionTemplate[] = deepFreeze([
  {
    templateId: "MSG1376731055518c2e7f04b9a3d16e5c08f7b2a41",
    title: "订单发货通知",
    kind: "one-time",
    keywords: ["订单编号", "快递公司", "快递单号"],
  },
  {
    templateId: "MSG137673105552743f9d0a1c6b8e7254d3f90e1b6",
    title: "预约成功通知",
    kind: "one-time",
    keywords: ["预约项目", "预约时间"],
  },
  {
    templateId: "MSG13767310555377a5b2e8d4f1c09e6a7b3d5c2f8",
    title: "服务进度提醒",
    kind: "long-term",
    keywords: ["服务名称", "当前进度"],
  },
]);

export const SECOND_APP_TEMPLATES: readonly SubscriptionTemplate[] = deepFreeze([
  {
    templateId: "MSG1402958817461d9e3c07a2b5f8e41c6d0a3b7e5",
    title: "活动开始提醒",
    kind: "one-time",
    keywords: ["活动名称", "开始时间"],
  },
  {
    templateId: "MSG14029588174725b8f1e6d3c0a9e7b4f2d5c8a1e",
    title: "学习打卡提醒",
    kind: "long-term",
    keywords: ["课程名称", "提醒内容"],
  },
]);

/** Templates for a custom app that brought none: same titles as the default app, ids from its appid. */
export function generatedTemplates(appid: string): SubscriptionTemplate[] {
  return DEFAULT_APP_TEMPLATES.map((template, index) => {
    const hex = createHash("sha256").update(`${appid}\u0000${index}`).digest("hex").slice(0, 26);
    const digits = String(1_376_731_055_500 + index * 11);
    return { ...template, templateId: `MSG${digits}${hex}`, keywords: [...template.keywords] };
  });
}

const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks templates given in options or EMULATOR_APPS; `where` names the entry in messages. */
export function validateTemplates(value: unknown, where: string): SubscriptionTemplate[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
    throw new Error(`${where} must be an array of 1-50 {templateId, title, kind, keywords}`);
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof entry !== "object" || entry === null) throw new Error(`${at} must be an object`);
    const { templateId, title, kind, keywords } = entry as Record<string, unknown>;
    if (typeof templateId !== "string" || !TEMPLATE_ID.test(templateId)) {
      throw new Error(`${at}.templateId must be 1-128 characters of A-Z a-z 0-9 _ -`);
    }
    if (seen.has(templateId)) throw new Error(`${at}.templateId is a duplicate`);
    seen.add(templateId);
    if (typeof title !== "string" || title.length === 0 || title.length > 64) {
      throw new Error(`${at}.title must be a string of 1-64 characters`);
    }
    if (kind !== "one-time" && kind !== "long-term") {
      throw new Error(`${at}.kind must be "one-time" or "long-term"`);
    }
    if (
      !Array.isArray(keywords) ||
      keywords.length === 0 ||
      keywords.length > 10 ||
      keywords.some((k) => typeof k !== "string" || k.length === 0 || k.length > 32) ||
      new Set(keywords).size !== keywords.length
    ) {
      throw new Error(`${at}.keywords must be 1-10 distinct strings of 1-32 characters`);
    }
    return { templateId, title, kind, keywords: [...(keywords as string[])] };
  });
}

function deepFreeze<T extends object>(templates: T[]): readonly T[] {
  for (const template of templates) {
    for (const value of Object.values(template)) {
      if (Array.isArray(value)) Object.freeze(value);
    }
    Object.freeze(template);
  }
  return Object.freeze(templates);
}
