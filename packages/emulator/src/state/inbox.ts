export interface DeliveredMessage {
  readonly templateId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly page: string;
  /** notify_user's notify_type when the send gave one (1 real-time reminder, 2 in-app message). */
  readonly notifyType?: readonly number[];
  /** Emulator time (ms) of the send. */
  readonly at: number;
}

/** Subscription messages delivered to each user (appid, openid), oldest first. */
export class InboxStore {
  readonly #messages = new Map<string, DeliveredMessage[]>();

  deliver(appid: string, openid: string, message: DeliveredMessage): void {
    const k = key(appid, openid);
    const messages = this.#messages.get(k);
    if (messages === undefined) this.#messages.set(k, [message]);
    else messages.push(message);
  }

  list(appid: string, openid: string): DeliveredMessage[] {
    return [...(this.#messages.get(key(appid, openid)) ?? [])];
  }

  lastDeliveryAt(appid: string, openid: string): number | undefined {
    return this.#messages.get(key(appid, openid))?.at(-1)?.at;
  }

  clear(): void {
    this.#messages.clear();
  }
}

function key(appid: string, openid: string): string {
  return `${appid}\u0000${openid}`;
}
