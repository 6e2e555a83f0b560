// One merchant action (Retry, Cancel, Approve, Reject, Retry failed...) posted
// to the page's own action without leaving the page; a refusal is said inline.
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Text } from "@shopify/polaris";
import type { ActionOutcome } from "../action-outcome";

export interface JobActionButtonProps {
  intent: "retry" | "cancel" | "approve" | "reject" | "retry-failed" | "cancel-not-started";
  label: string;
  jobId?: string;
  variant?: "primary" | "secondary" | "plain";
  tone?: "critical" | "success";
  size?: "slim" | "medium";
}

export function JobActionButton({ intent, label, jobId, variant, tone, size = "slim" }: JobActionButtonProps) {
  const fetcher = useFetcher<ActionOutcome>();
  const refused = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {jobId && <input type="hidden" name="jobId" value={jobId} />}
      <BlockStack gap="100" inlineAlign="start">
        <Button submit size={size} variant={variant} tone={tone} loading={fetcher.state !== "idle"}>
          {label}
        </Button>
        {refused && (
          <Text as="span" variant="bodySm" tone="critical">
            {refused}
          </Text>
        )}
      </BlockStack>
    </fetcher.Form>
  );
}
