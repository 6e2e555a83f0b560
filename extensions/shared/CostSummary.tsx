// The price before confirming: per video, the total for the whole request,
// and how it fits the shop's monthly budget.
import type { FormOptions } from "../../app/extension-actions/api-types";
import { credits, plural } from "./copy";
import { AppPageLink } from "./StatusViews";

export function CostSummary({
  form,
  creditsPerVideo,
  count,
  countIsExact = true,
}: {
  form: FormOptions;
  creditsPerVideo: number;
  count: number;
  countIsExact?: boolean;
}) {
  const total = creditsPerVideo * count;
  const left = Math.max(0, form.budget.monthlyCredits - form.budget.usedThisMonth);
  const products = `${plural(count, "product")}${countIsExact ? "" : " or more"}`;
  return (
    <s-stack gap="small">
      {form.billingHold && (
        <s-banner tone="warning" heading="Billing needs your approval">
          <s-stack gap="small">
            <s-paragraph>{form.billingHold.message}</s-paragraph>
            <AppPageLink link={form.billingHold.link} />
          </s-stack>
        </s-banner>
      )}
      <s-paragraph>
        <s-text type="strong">
          {count === 1
            ? `Estimated cost: ${credits(total)}`
            : `Estimated cost: ${credits(total)}${countIsExact ? "" : " or more"} (${credits(creditsPerVideo)} each × ${products})`}
        </s-text>
      </s-paragraph>
      <s-paragraph>{`${credits(left)} left of your ${credits(form.budget.monthlyCredits)} monthly budget.`}</s-paragraph>
      {total > left && (
        <s-banner tone="warning" heading="This is more than your remaining budget">
          {`Videos beyond your budget wait, then stop with a clear message. Raise the budget in Catalog Motion's settings to make them all.`}
        </s-banner>
      )}
      {!form.autoPublish && (
        <s-paragraph>Each video waits for your approval in Catalog Motion before it goes on the product page.</s-paragraph>
      )}
    </s-stack>
  );
}
