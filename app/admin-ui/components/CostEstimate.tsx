// The cost of what the merchant is about to ask for, against what is left of
// this month's budget, shown before anything is created.
import { Banner, BlockStack, Text } from "@shopify/polaris";
import type { StoreVideoRoom } from "~/catalog/store-limits.server";
import { formatCount, plural } from "~/merchant-copy/format";
import { formatMoney } from "~/billing/money";

export interface CostEstimateProps {
  videos: number;
  creditsPerVideo: number;
  remaining: number;
  budget: number;
  /** The store's room for more videos under its Shopify plan. */
  storeVideos?: Pick<StoreVideoRoom, "storeVideosLeft" | "note">;
  /** What the videos cost in money, for a shop billed per clip (app/billing/estimate.server.ts). */
  money?: { perVideoCents: number; currency: string; freeClipsLeft: number; capRemainingCents: number | null } | null;
}

export function CostEstimate({ videos, creditsPerVideo, remaining, budget, storeVideos, money }: CostEstimateProps) {
  const storeLeft = storeVideos?.storeVideosLeft ?? null;
  const total = videos * creditsPerVideo;
  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingSm">
        Estimated cost
      </Text>
      <Text as="p">
        {plural(videos, "video")} × {plural(creditsPerVideo, "credit")} = <strong>about {plural(total, "credit")}</strong>
      </Text>
      <Text as="p" tone="subdued">
        {formatCount(remaining)} of your {formatCount(budget)} monthly credits are left.
      </Text>
      {money && <MoneyLine videos={videos} money={money} />}
      {storeVideos && (
        <Text as="p" tone="subdued">
          {storeVideos.note}
        </Text>
      )}
      {storeLeft !== null && videos > storeLeft && (
        <Banner tone="warning">
          <p>
            Your store has room for {plural(storeLeft, "more video")}, and you asked for {formatCount(videos)}. Shopify would refuse the
            rest after they are made.
          </p>
        </Banner>
      )}
      {total > remaining && (
        <Banner tone="warning">
          <p>
            This is more than what is left of your monthly budget. Videos beyond the budget won't be made until you raise it in Settings.
          </p>
        </Banner>
      )}
    </BlockStack>
  );
}

/** "About $12.00 (3 free clips first); $38.00 left of this month's limit." */
function MoneyLine({ videos, money }: { videos: number; money: NonNullable<CostEstimateProps["money"]> }) {
  const free = Math.min(videos, money.freeClipsLeft);
  const cents = (videos - free) * money.perVideoCents;
  return (
    <Text as="p">
      {formatMoney(money.perVideoCents, money.currency)} per video once it is live:{" "}
      <strong>about {formatMoney(cents, money.currency)}</strong>
      {free > 0 ? ` (${plural(free, "free clip")} first)` : ""}
      {money.capRemainingCents !== null
        ? `; ${formatMoney(money.capRemainingCents, money.currency)} left of this month's limit.`
        : ". You approve the plan before you are charged."}
    </Text>
  );
}
