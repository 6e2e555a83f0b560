// /app/billing: the shop's plan, this period's clips and money, the monthly
// limit and what is left, free clips left, and every clip's charge (exported
// as CSV at /app/billing/export). Approving the plan, or a higher limit, goes
// through Shopify's approval page: the library's billing.request /
// updateUsageCappedAmount make it, and the page opens it top-level
// (billing/approval-url.server.ts says why not through the library's 401).
// The extensions link here to start the approval (they cannot redirect).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { billingReturnUrl, loadBillingPage, syncFromCheck, usageLineOf } from "~/billing/billing-page.server";
import { formatMoney } from "~/billing/money";
import { centsToAmount, USAGE_PLAN, USAGE_PLAN_CONFIG } from "~/billing/plans";
import { planOf } from "~/billing/subscription-state.server";
import { topLevelUrlOf } from "~/billing/approval-url.server";
import { testCharges } from "~/billing/test-charges.server";
import { formatDateTime } from "~/merchant-copy/format";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, billing } = await authenticate.admin(request);
  const { db, queues } = webPipeline();
  if ((await planOf(db, session.shop)) === "usage") {
    const check = await billing.check({ plans: [USAGE_PLAN], isTest: testCharges() });
    await syncFromCheck(db, queues, session.shop, check);
  }
  return json({ page: await loadBillingPage(db, session.shop) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { session, billing } = await authenticate.admin(request);
  const form = await readForm(request);
  const isTest = testCharges();
  const returnUrl = billingReturnUrl(session.shop);
  const intent = form.get("intent");
  if (intent === "approve_plan") {
    return json({ openTopLevel: await topLevelUrlOf(() => billing.request({ plan: USAGE_PLAN, isTest, returnUrl })) });
  }
  if (intent === "raise_limit") {
    const cents = Number(form.get("limitCents"));
    if (!USAGE_PLAN_CONFIG.higherCapsCents.includes(cents)) return json({ error: "Choose one of the limits offered." }, { status: 400 });
    const usage = usageLineOf(await billing.check({ plans: [USAGE_PLAN], isTest }));
    if (!usage) return json({ error: "Approve the plan first; a limit is raised on an approved plan." }, { status: 400 });
    const approvalUrl = await topLevelUrlOf(() =>
      billing.updateUsageCappedAmount({
        subscriptionLineItemId: usage.lineItemId,
        cappedAmount: { amount: centsToAmount(cents), currencyCode: USAGE_PLAN_CONFIG.currencyCode },
      }),
    );
    return json({ openTopLevel: approvalUrl });
  }
  return json({ error: "Unknown action." }, { status: 400 });
}

/** On the way to Shopify's approval page the page is left at once: nothing to read again. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "openTopLevel" in actionResult ? false : defaultShouldRevalidate;

export default function Billing() {
  const { page } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const opening = answer && "openTopLevel" in answer ? answer.openTopLevel : null;
  const busy = useNavigation().state !== "idle" || opening !== null;
  // Shopify's approval page: top-level, as App Bridge opens a page outside the app.
  useEffect(() => {
    if (opening) window.open(opening, "_top");
  }, [opening]);
  const [limit, setLimit] = useState(String(page.higherCaps[0] ?? ""));
  const money = (cents: number) => formatMoney(cents, page.currency);

  return (
    <AdminPage title="Billing" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {answer && "error" in answer && (
              <Banner tone="critical" title="That didn't work">
                <p>{answer.error}</p>
              </Banner>
            )}
            {page.billingPause === "billing_cap" && (
              <Banner tone="warning" title="Paused: approve a higher monthly limit">
                <p>
                  This month's limit is used up, so no new videos are being made. Nothing failed: approve a higher limit and they continue.
                </p>
              </Banner>
            )}
            {page.billingPause === "subscription_inactive" && (
              <Banner tone="warning" title="Paused: approve the plan">
                <p>Your free clips are used. Approve the plan to keep making videos; nothing failed, they wait for you.</p>
              </Banner>
            )}
            {page.approachingCap && page.billingPause === null && (
              <Banner tone="info" title="You have used 90% of this month's limit">
                <p>Approve a higher monthly limit so your videos keep coming.</p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {page.planName}
                  </Text>
                  {page.plan === "usage" && (
                    <Badge tone={page.active ? "success" : "attention"}>{page.active ? "Approved" : "Not approved yet"}</Badge>
                  )}
                </InlineStack>
                {page.plan === "own_key" ? (
                  <Text as="p">
                    Your videos render on your own provider account, so Catalog Motion charges nothing. You pay your provider directly.
                  </Text>
                ) : (
                  <>
                    <Text as="p" tone="subdued">
                      {page.terms}
                    </Text>
                    {page.active ? (
                      <BlockStack gap="100">
                        <Text as="p">
                          This period: {page.chargedThisPeriod.clips} {page.chargedThisPeriod.clips === 1 ? "clip" : "clips"},{" "}
                          {money(page.chargedThisPeriod.cents)}
                        </Text>
                        <Text as="p">
                          Monthly limit: {money(page.cappedAmountCents)}, {money(page.capRemainingCents)} left
                          {page.currentPeriodEnd ? ` until ${formatDateTime(page.currentPeriodEnd)}` : ""}
                        </Text>
                        {page.freeClipsLeft > 0 && (
                          <Text as="p">
                            Free clips left: {page.freeClipsLeft} of {page.freeClips}. Your next{" "}
                            {page.freeClipsLeft === 1 ? "clip is" : `${page.freeClipsLeft} clips are`} not charged.
                          </Text>
                        )}
                      </BlockStack>
                    ) : (
                      <Text as="p">
                        Free clips left: {page.freeClipsLeft} of {page.freeClips}. Approve the plan (monthly limit{" "}
                        {money(USAGE_PLAN_CONFIG.cappedAmountCents)}) to keep making videos.
                      </Text>
                    )}
                    {page.waiting.clips > 0 && (
                      <Text as="p">
                        Waiting to be charged: {page.waiting.clips} {page.waiting.clips === 1 ? "clip" : "clips"},{" "}
                        {money(page.waiting.cents)}
                      </Text>
                    )}
                    {!page.active && (
                      <Form method="post">
                        <input type="hidden" name="intent" value="approve_plan" />
                        <Button submit variant="primary" loading={busy}>
                          Approve plan
                        </Button>
                      </Form>
                    )}
                    {page.active && page.higherCaps.length > 0 && (
                      <Form method="post">
                        <input type="hidden" name="intent" value="raise_limit" />
                        <InlineStack gap="200" blockAlign="end">
                          <Select
                            label="Higher monthly limit"
                            name="limitCents"
                            options={page.higherCaps.map((c) => ({ label: money(c), value: String(c) }))}
                            value={limit}
                            onChange={setLimit}
                          />
                          <Button submit loading={busy}>
                            Approve higher limit
                          </Button>
                        </InlineStack>
                      </Form>
                    )}
                  </>
                )}
                <Text as="p" tone="subdued">
                  {page.plan === "own_key"
                    ? "To render on Catalog Motion's account instead, remove your key in Settings."
                    : "To pay your provider directly instead, add your own provider key in Settings."}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Charges per clip
                  </Text>
                  <Button url="/app/billing/export" download>
                    Export CSV
                  </Button>
                </InlineStack>
                {page.charges.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No clips charged yet. A clip is charged when it goes live on a product page.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text"]}
                    headings={["Date", "Product", "Charge", "Status"]}
                    rows={page.charges.map((c) => [
                      formatDateTime(c.createdAt),
                      c.productTitle,
                      formatMoney(c.amountCents, c.currency),
                      c.statusLabel,
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
