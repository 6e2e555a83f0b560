// Shopify Billing as an app sees it: appSubscriptionCreate (recurring and
// usage line items) answering a confirmationUrl the merchant opens to approve
// or decline, currentAppInstallation { activeSubscriptions, oneTimePurchases },
// appUsageRecordCreate (idempotent by idempotencyKey, refused past the capped
// amount with Shopify's "Total price exceeds balance remaining"),
// appSubscriptionLineItemUpdate (a new capped amount, approved by the
// merchant too) and appSubscriptionCancel. Status changes and 90% of the cap
// send app_subscriptions/update and app_subscriptions/approaching_capped_amount,
// HMAC-signed, as Shopify sends them.
import crypto from "node:crypto";
import { GraphQLError } from "graphql";
import type { ShopRecord } from "./catalog";
import type { RequestContext } from "./context";
import { sendBillingWebhook, type BillingWebhookTarget } from "./billing-webhooks";
import { gid, parseGid } from "./ids";

/** Shopify's AppSubscriptionStatus. */
export type SubscriptionStatus = "PENDING" | "ACTIVE" | "DECLINED" | "EXPIRED" | "FROZEN" | "CANCELLED";

/** Shopify bills usage in 30-day periods. */
const PERIOD_MS = 30 * 24 * 3_600_000;
/** A subscription the merchant has not approved within two days expires (AppSubscriptionStatus EXPIRED). */
const APPROVAL_WINDOW_MS = 2 * 24 * 3_600_000;
/** app_subscriptions/approaching_capped_amount is sent once a period, when the balance used reaches 90% of the cap. */
const APPROACHING_SHARE = 0.9;
export const CAP_EXCEEDED_MESSAGE = "Total price exceeds balance remaining";
export const BILLING_APPROVAL_PATH = "/admin/charges/";

interface Money {
  /** Minor units (cents), so sums never drift. */
  cents: number;
  currencyCode: string;
}

interface RecurringLine {
  kind: "recurring";
  index: number;
  price: Money;
  interval: "EVERY_30_DAYS" | "ANNUAL";
}

interface UsageLine {
  kind: "usage";
  index: number;
  cappedAmount: Money;
  terms: string;
  balanceUsedCents: number;
  /** A higher cap the merchant has yet to approve (appSubscriptionLineItemUpdate). */
  proposedCapCents: number | null;
  approachingSentForPeriod: number | null;
}

export interface UsageRecordRecord {
  id: number;
  lineIndex: number;
  description: string;
  price: Money;
  idempotencyKey: string | null;
  createdAt: number;
}

export interface SubscriptionRecord {
  id: number;
  shop: string;
  name: string;
  test: boolean;
  status: SubscriptionStatus;
  returnUrl: string;
  trialDays: number;
  createdAt: number;
  updatedAt: number;
  /** Start of the current 30-day period; null until approved. */
  periodStart: number | null;
  replacementBehavior: string;
  lines: (RecurringLine | UsageLine)[];
  usageRecords: UsageRecordRecord[];
}

interface MoneyInput {
  amount: string | number;
  currencyCode: string;
}

interface LineItemInput {
  plan: {
    appRecurringPricingDetails?: { price: MoneyInput; interval?: string | null; discount?: unknown } | null;
    appUsagePricingDetails?: { cappedAmount: MoneyInput; terms: string } | null;
  };
}

interface UserError {
  field: string[] | null;
  message: string;
}

export interface BillingOptions {
  /** Where the two billing webhooks go; without it none is sent. */
  webhooks?: () => BillingWebhookTarget | undefined;
  now?: () => number;
}

export class AppBilling {
  readonly subscriptions = new Map<number, SubscriptionRecord>();
  private lastId = 28_000_000;
  private readonly now: () => number;
  readonly webhooksSent: { topic: string; shop: string; payload: unknown }[] = [];
  /** While set, appUsageRecordCreate records the charge but its answer waits (see holdUsageRecordAnswers). */
  private answersHeld: { count: number; released: Promise<void>; release: () => void } | null = null;

  constructor(private readonly options: BillingOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The shop's subscriptions, newest first. */
  subscriptionsOf(shop: string): SubscriptionRecord[] {
    return [...this.subscriptions.values()]
      .filter((s) => s.shop === shop)
      .map((s) => this.expiredIfUnanswered(s))
      .sort((a, b) => b.id - a.id);
  }

  /**
   * A pending subscription past its two days is EXPIRED, a terminal state, when
   * next looked at (the emulator keeps no timers; no webhook is modelled for it).
   */
  private expiredIfUnanswered(subscription: SubscriptionRecord): SubscriptionRecord {
    if (subscription.status === "PENDING" && this.now() - subscription.createdAt >= APPROVAL_WINDOW_MS) {
      subscription.status = "EXPIRED";
      subscription.updatedAt = this.now();
    }
    return subscription;
  }

  private subscription(id: number): SubscriptionRecord | undefined {
    const found = this.subscriptions.get(id);
    return found && this.expiredIfUnanswered(found);
  }

  /** Every usage record the shop was charged, oldest first. */
  usageRecordsOf(shop: string): UsageRecordRecord[] {
    return this.subscriptionsOf(shop)
      .flatMap((s) => s.usageRecords)
      .sort((a, b) => a.id - b.id);
  }

  mutations(ctx: RequestContext) {
    return {
      appSubscriptionCreate: (args: {
        name: string;
        returnUrl: string;
        lineItems: LineItemInput[];
        test?: boolean | null;
        trialDays?: number | null;
        replacementBehavior?: string | null;
      }) => this.create(ctx, args),
      appUsageRecordCreate: async (args: {
        subscriptionLineItemId: string;
        price: MoneyInput;
        description: string;
        idempotencyKey?: string | null;
      }) => {
        const answer = this.recordUsage(ctx, args);
        const held = this.answersHeld;
        if (held) {
          held.count += 1;
          await held.released;
        }
        return answer;
      },
      appSubscriptionLineItemUpdate: (args: { id: string; cappedAmount: MoneyInput }) => this.proposeCap(ctx, args),
      appSubscriptionCancel: (args: { id: string; prorate?: boolean | null }) => this.cancel(ctx, args.id),
    };
  }

  /**
   * For fault tests: from now on Shopify makes each usage record but its answer
   * does not reach the app (held until release()), as when the app's process
   * dies after Shopify charged and before it heard so.
   */
  holdUsageRecordAnswers(): { held(): number; release(): void } {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const gate = { count: 0, released, release };
    this.answersHeld = gate;
    return {
      held: () => gate.count,
      release: () => {
        if (this.answersHeld === gate) this.answersHeld = null;
        gate.release();
      },
    };
  }

  /** currentAppInstallation: the app's installation on the calling shop. */
  installation(ctx: RequestContext) {
    return {
      __typename: "AppInstallation",
      id: billingGid("AppInstallation", ctx.shop.id),
      // Shopify lists the subscriptions that are ACTIVE (FROZEN ones are inactive until the shop pays its bill).
      activeSubscriptions: this.subscriptionsOf(ctx.shop.domain)
        .filter((s) => s.status === "ACTIVE")
        .map((s) => this.view(s)),
      allSubscriptions: (args: { first?: number | null }) => ({
        edges: this.subscriptionsOf(ctx.shop.domain)
          .slice(0, args.first ?? 50)
          .map((s) => ({ node: this.view(s), cursor: String(s.id) })),
        nodes: this.subscriptionsOf(ctx.shop.domain)
          .slice(0, args.first ?? 50)
          .map((s) => this.view(s)),
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      }),
      // The app sells no one-time purchases; the connection is there, empty.
      oneTimePurchases: () => ({
        edges: [],
        nodes: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      }),
    };
  }

  /** The merchant's answer on the approval page: the subscription (or its new cap) is approved or declined. */
  async answer(subscriptionId: number, shop: ShopRecord, approved: boolean): Promise<SubscriptionRecord> {
    const subscription = this.subscription(subscriptionId);
    if (!subscription || subscription.shop !== shop.domain) throw new Error(`No charge ${subscriptionId} waits for ${shop.domain}`);
    const usage = usageLineOf(subscription);
    const now = this.now();
    if (subscription.status === "ACTIVE" && usage && usage.proposedCapCents !== null) {
      // A new capped amount: approving raises it; declining leaves the old one.
      if (approved) {
        usage.cappedAmount = { ...usage.cappedAmount, cents: usage.proposedCapCents };
        usage.approachingSentForPeriod = null;
      }
      usage.proposedCapCents = null;
      subscription.updatedAt = now;
      if (approved) await this.sendUpdate(shop, subscription);
      return subscription;
    }
    if (subscription.status !== "PENDING") return subscription;
    if (approved) {
      // APPLY_IMMEDIATELY (the default): the shop's other active subscription ends now.
      for (const other of this.subscriptionsOf(shop.domain)) {
        if (
          other.id !== subscription.id &&
          other.status === "ACTIVE" &&
          subscription.replacementBehavior !== "APPLY_ON_NEXT_BILLING_CYCLE"
        ) {
          other.status = "CANCELLED";
          other.updatedAt = now;
          await this.sendUpdate(shop, other);
        }
      }
      subscription.status = "ACTIVE";
      subscription.periodStart = now;
    } else {
      subscription.status = "DECLINED";
    }
    subscription.updatedAt = now;
    await this.sendUpdate(shop, subscription);
    return subscription;
  }

  /** What the approval page shows and where it sends the merchant back to. */
  pending(subscriptionId: number, shop: string): { subscription: SubscriptionRecord; capChange: number | null } | null {
    const subscription = this.subscription(subscriptionId);
    if (!subscription || subscription.shop !== shop) return null;
    const usage = usageLineOf(subscription);
    if (subscription.status === "PENDING") return { subscription, capChange: null };
    if (subscription.status === "ACTIVE" && usage?.proposedCapCents != null) return { subscription, capChange: usage.proposedCapCents };
    return null;
  }

  /** Shopify freezes a subscription when the shop stops paying its bill (tests use this to stand in for it). */
  async setStatus(subscriptionId: number, shop: ShopRecord, status: SubscriptionStatus): Promise<void> {
    const subscription = this.subscription(subscriptionId);
    if (!subscription) throw new Error(`No subscription ${subscriptionId}`);
    subscription.status = status;
    subscription.updatedAt = this.now();
    await this.sendUpdate(shop, subscription);
  }

  private create(
    ctx: RequestContext,
    args: {
      name: string;
      returnUrl: string;
      lineItems: LineItemInput[];
      test?: boolean | null;
      trialDays?: number | null;
      replacementBehavior?: string | null;
    },
  ) {
    const refused = (userErrors: UserError[]) => ({ appSubscription: null, confirmationUrl: null, userErrors });
    if (!args.name.trim()) return refused([{ field: ["name"], message: "Name can't be blank" }]);
    if (args.lineItems.length === 0) return refused([{ field: ["lineItems"], message: "Line items can't be blank" }]);
    const lines: SubscriptionRecord["lines"] = [];
    const errors: UserError[] = [];
    args.lineItems.forEach((item, index) => {
      const field = ["lineItems", String(index), "plan"];
      const recurring = item.plan.appRecurringPricingDetails;
      const usage = item.plan.appUsagePricingDetails;
      if (Boolean(recurring) === Boolean(usage)) {
        errors.push({ field, message: "Each line item needs exactly one of appRecurringPricingDetails and appUsagePricingDetails" });
        return;
      }
      if (recurring) {
        const price = moneyOf(recurring.price);
        if (price.cents < 0) errors.push({ field: [...field, "appRecurringPricingDetails", "price"], message: "Price must be at least 0" });
        if (recurring.discount) throw unmodelled("AppRecurringPricingInput.discount");
        const interval = recurring.interval === "ANNUAL" ? "ANNUAL" : "EVERY_30_DAYS";
        lines.push({ kind: "recurring", index: index + 1, price, interval });
      } else if (usage) {
        const capped = moneyOf(usage.cappedAmount);
        if (capped.cents <= 0)
          errors.push({ field: [...field, "appUsagePricingDetails", "cappedAmount"], message: "Capped amount must be greater than 0" });
        if (!usage.terms.trim()) errors.push({ field: [...field, "appUsagePricingDetails", "terms"], message: "Terms can't be blank" });
        lines.push({
          kind: "usage",
          index: index + 1,
          cappedAmount: capped,
          terms: usage.terms,
          balanceUsedCents: 0,
          proposedCapCents: null,
          approachingSentForPeriod: null,
        });
      }
    });
    if (lines.filter((l) => l.kind === "usage").length > 1)
      errors.push({ field: ["lineItems"], message: "A subscription can have at most one usage line item" });
    if (lines.filter((l) => l.kind === "recurring").length > 1)
      errors.push({ field: ["lineItems"], message: "A subscription can have at most one recurring line item" });
    const currencies = new Set(lines.map((l) => (l.kind === "usage" ? l.cappedAmount.currencyCode : l.price.currencyCode)));
    if (currencies.size > 1) errors.push({ field: ["lineItems"], message: "Line items must all be in the same currency" });
    if (errors.length > 0) return refused(errors);

    const now = this.now();
    this.lastId += 1;
    const subscription: SubscriptionRecord = {
      id: this.lastId,
      shop: ctx.shop.domain,
      name: args.name,
      test: args.test ?? false,
      status: "PENDING",
      returnUrl: args.returnUrl,
      trialDays: args.trialDays ?? 0,
      createdAt: now,
      updatedAt: now,
      periodStart: null,
      replacementBehavior: args.replacementBehavior ?? "STANDARD",
      lines,
      usageRecords: [],
    };
    this.subscriptions.set(subscription.id, subscription);
    return { appSubscription: this.view(subscription), confirmationUrl: confirmationUrl(ctx, subscription), userErrors: [] };
  }

  private async recordUsage(
    ctx: RequestContext,
    args: { subscriptionLineItemId: string; price: MoneyInput; description: string; idempotencyKey?: string | null },
  ) {
    const refused = (message: string, field: string[] | null = null) => ({ appUsageRecord: null, userErrors: [{ field, message }] });
    const found = this.lineItem(ctx, args.subscriptionLineItemId);
    if (!found) return refused("Subscription line item not found", ["subscriptionLineItemId"]);
    const { subscription, line } = found;
    if (line.kind !== "usage") return refused("Subscription line item must have a usage pricing plan", ["subscriptionLineItemId"]);
    if (subscription.status !== "ACTIVE") return refused("Subscription is not active", ["subscriptionLineItemId"]);
    if (args.idempotencyKey && args.idempotencyKey.length > 255)
      return refused("Idempotency key is too long (maximum is 255 characters)", ["idempotencyKey"]);
    if (!args.description.trim()) return refused("Description can't be blank", ["description"]);
    this.rollPeriod(subscription, line);
    if (args.idempotencyKey) {
      // The same key again is the same charge: Shopify answers the record it already has for this
      // shop and app ("identical idempotencyKey for the intended shop and requesting app"), even one
      // made on an earlier subscription of the shop.
      for (const earlier of this.subscriptionsOf(ctx.shop.domain)) {
        const existing = earlier.usageRecords.find((r) => r.idempotencyKey === args.idempotencyKey);
        if (existing) {
          const earlierLine = earlier.lines.find((l) => l.index === existing.lineIndex)!;
          return { appUsageRecord: this.recordView(earlier, earlierLine, existing), userErrors: [] };
        }
      }
    }
    const price = moneyOf(args.price);
    if (price.currencyCode !== line.cappedAmount.currencyCode)
      return refused(`Currency must be ${line.cappedAmount.currencyCode}`, ["price", "currencyCode"]);
    if (price.cents <= 0) return refused("Price must be greater than 0", ["price"]);
    if (line.balanceUsedCents + price.cents > line.cappedAmount.cents) return refused(CAP_EXCEEDED_MESSAGE);

    const record: UsageRecordRecord = {
      id: ++this.lastId,
      lineIndex: line.index,
      description: args.description,
      price,
      idempotencyKey: args.idempotencyKey ?? null,
      createdAt: this.now(),
    };
    subscription.usageRecords.push(record);
    line.balanceUsedCents += price.cents;
    const period = subscription.periodStart ?? 0;
    if (line.balanceUsedCents >= APPROACHING_SHARE * line.cappedAmount.cents && line.approachingSentForPeriod !== period) {
      line.approachingSentForPeriod = period;
      // Shopify delivers webhooks after answering, never inside the mutation.
      void this.send(ctx.shop, "app_subscriptions/approaching_capped_amount", {
        app_subscription: {
          admin_graphql_api_id: billingGid("AppSubscription", subscription.id),
          name: subscription.name,
          balance_used: line.balanceUsedCents / 100,
          capped_amount: (line.cappedAmount.cents / 100).toFixed(2),
          currency_code: line.cappedAmount.currencyCode,
          admin_graphql_api_shop_id: gid("Shop", ctx.shop.id),
          created_at: new Date(subscription.createdAt).toISOString(),
          updated_at: new Date(subscription.updatedAt).toISOString(),
        },
      });
    }
    return { appUsageRecord: this.recordView(subscription, line, record), userErrors: [] };
  }

  private proposeCap(ctx: RequestContext, args: { id: string; cappedAmount: MoneyInput }) {
    const refused = (message: string, field: string[]) => ({
      appSubscription: null,
      confirmationUrl: null,
      userErrors: [{ field, message }],
    });
    const found = this.lineItem(ctx, args.id);
    if (!found) return refused("Subscription line item not found", ["id"]);
    const { subscription, line } = found;
    if (line.kind !== "usage") return refused("Only usage line items have a capped amount", ["id"]);
    if (subscription.status !== "ACTIVE") return refused("Subscription is not active", ["id"]);
    const capped = moneyOf(args.cappedAmount);
    if (capped.currencyCode !== line.cappedAmount.currencyCode)
      return refused(`Currency must be ${line.cappedAmount.currencyCode}`, ["cappedAmount", "currencyCode"]);
    // Shopify only lets an app raise the cap; lowering it is the merchant's, in admin.
    if (capped.cents <= line.cappedAmount.cents)
      return refused("The new capped amount must be greater than the current capped amount", ["cappedAmount"]);
    line.proposedCapCents = capped.cents;
    return { appSubscription: this.view(subscription), confirmationUrl: confirmationUrl(ctx, subscription), userErrors: [] };
  }

  private cancel(ctx: RequestContext, id: string) {
    const ref = parseGid(id);
    const subscription = ref?.type === "AppSubscription" ? this.subscription(ref.id) : undefined;
    if (!subscription || subscription.shop !== ctx.shop.domain)
      return { appSubscription: null, userErrors: [{ field: ["id"], message: "Couldn't find subscription" }] };
    if (subscription.status !== "ACTIVE" && subscription.status !== "PENDING" && subscription.status !== "FROZEN")
      return { appSubscription: null, userErrors: [{ field: ["id"], message: "Subscription is not active" }] };
    subscription.status = "CANCELLED";
    subscription.updatedAt = this.now();
    void this.sendUpdate(ctx.shop, subscription);
    return { appSubscription: this.view(subscription), userErrors: [] };
  }

  private lineItem(ctx: RequestContext, id: string): { subscription: SubscriptionRecord; line: RecurringLine | UsageLine } | null {
    const match = /^gid:\/\/shopify\/AppSubscriptionLineItem\/(\d+)\?v=1&index=(\d+)$/.exec(id);
    if (!match) {
      if (!parseGid(id)) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
      return null;
    }
    const subscription = this.subscription(Number(match[1]));
    if (!subscription || subscription.shop !== ctx.shop.domain) return null;
    const line = subscription.lines.find((l) => l.index === Number(match[2]));
    return line ? { subscription, line } : null;
  }

  /** A new 30-day period starts the balance over. */
  private rollPeriod(subscription: SubscriptionRecord, line: UsageLine): void {
    if (subscription.periodStart === null) return;
    const now = this.now();
    while (now >= subscription.periodStart + PERIOD_MS) {
      subscription.periodStart += PERIOD_MS;
      line.balanceUsedCents = 0;
    }
  }

  private sendUpdate(shop: ShopRecord, subscription: SubscriptionRecord): Promise<void> {
    const usage = usageLineOf(subscription);
    const recurring = subscription.lines.find((l): l is RecurringLine => l.kind === "recurring");
    return this.send(shop, "app_subscriptions/update", {
      app_subscription: {
        admin_graphql_api_id: billingGid("AppSubscription", subscription.id),
        name: subscription.name,
        status: subscription.status,
        admin_graphql_api_shop_id: gid("Shop", shop.id),
        created_at: new Date(subscription.createdAt).toISOString(),
        updated_at: new Date(subscription.updatedAt).toISOString(),
        currency: (usage?.cappedAmount ?? recurring?.price)?.currencyCode ?? "USD",
        ...(usage ? { capped_amount: (usage.cappedAmount.cents / 100).toFixed(2) } : {}),
        ...(recurring ? { price: (recurring.price.cents / 100).toFixed(2), interval: recurring.interval.toLowerCase() } : {}),
      },
    });
  }

  private async send(shop: ShopRecord, topic: string, payload: unknown): Promise<void> {
    this.webhooksSent.push({ topic, shop: shop.domain, payload });
    const target = this.options.webhooks?.();
    if (target) await sendBillingWebhook(target, shop.domain, topic, payload);
  }

  view(subscription: SubscriptionRecord) {
    const end = subscription.periodStart === null ? null : new Date(subscription.periodStart + PERIOD_MS).toISOString();
    return {
      __typename: "AppSubscription",
      id: billingGid("AppSubscription", subscription.id),
      name: subscription.name,
      test: subscription.test,
      status: subscription.status,
      trialDays: subscription.trialDays,
      createdAt: new Date(subscription.createdAt).toISOString(),
      currentPeriodEnd: end,
      returnUrl: subscription.returnUrl,
      lineItems: subscription.lines.map((line) => this.lineView(subscription, line)),
    };
  }

  private lineView(subscription: SubscriptionRecord, line: RecurringLine | UsageLine) {
    const pricingDetails =
      line.kind === "usage"
        ? {
            __typename: "AppUsagePricing",
            balanceUsed: moneyView({ cents: line.balanceUsedCents, currencyCode: line.cappedAmount.currencyCode }),
            cappedAmount: moneyView(line.cappedAmount),
            terms: line.terms,
            interval: "EVERY_30_DAYS",
          }
        : { __typename: "AppRecurringPricing", price: moneyView(line.price), interval: line.interval, discount: null, planHandle: null };
    return {
      __typename: "AppSubscriptionLineItem",
      id: `gid://shopify/AppSubscriptionLineItem/${subscription.id}?v=1&index=${line.index}`,
      plan: { __typename: "AppPlanV2", pricingDetails },
      usageRecords: (args: { first?: number | null }) => {
        const records = subscription.usageRecords.filter((r) => r.lineIndex === line.index).slice(0, args.first ?? 50);
        return {
          nodes: records.map((r) => this.recordView(subscription, line, r)),
          edges: records.map((r) => ({ node: this.recordView(subscription, line, r), cursor: String(r.id) })),
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        };
      },
    };
  }

  private recordView(subscription: SubscriptionRecord, line: RecurringLine | UsageLine, record: UsageRecordRecord) {
    return {
      __typename: "AppUsageRecord",
      id: billingGid("AppUsageRecord", record.id),
      description: record.description,
      idempotencyKey: record.idempotencyKey,
      createdAt: new Date(record.createdAt).toISOString(),
      price: moneyView(record.price),
      subscriptionLineItem: this.lineView(subscription, line),
    };
  }
}

/** Billing's gids (ids.ts's ResourceType names the catalog's). */
function billingGid(type: "AppSubscription" | "AppUsageRecord" | "AppInstallation", id: number): string {
  return `gid://shopify/${type}/${id}`;
}

function usageLineOf(subscription: SubscriptionRecord): UsageLine | undefined {
  return subscription.lines.find((l): l is UsageLine => l.kind === "usage");
}

function confirmationUrl(ctx: RequestContext, subscription: SubscriptionRecord): string {
  const store = ctx.shop.domain.replace(/\.myshopify\.com$/, "");
  return `${ctx.baseUrl}${BILLING_APPROVAL_PATH}${store}/${subscription.id}/confirm?signature=${crypto
    .createHash("sha256")
    .update(`${subscription.id}:${subscription.shop}`)
    .digest("hex")
    .slice(0, 32)}`;
}

function moneyOf(input: MoneyInput): Money {
  const amount = Number(input.amount);
  if (!Number.isFinite(amount))
    throw new GraphQLError(`Invalid amount '${input.amount}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  return { cents: Math.round(amount * 100), currencyCode: input.currencyCode };
}

/** MoneyV2 as Shopify answers it: a decimal string amount. */
function moneyView(money: Money) {
  return { __typename: "MoneyV2", amount: (money.cents / 100).toFixed(2), currencyCode: money.currencyCode };
}

function unmodelled(what: string): GraphQLError {
  return new GraphQLError(`The Admin API emulator does not model ${what}`, { extensions: { code: "EMULATOR_UNSUPPORTED_FIELD" } });
}
