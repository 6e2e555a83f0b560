// One merchant action (Retry, Cancel, Approve, Reject, Retry failed...) posted
// to the page's own action without leaving the page. How it went is said with
// Shopify admin's toast; a refusal is also said inline, next to the button.
// An action that loses something (a reject, cancelling many) asks first and
// says what is lost; a reject offers Undo while its clip is still kept; an
// action whose result shows elsewhere on the page takes the merchant there.
import { useFetcher, useNavigate, useSubmit } from "@remix-run/react";
import { BlockStack, Button, InlineStack, Modal, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { undoForm, type ActionOutcome, type UndoAction } from "../action-outcome";
import { UNDO_FETCHER_KEY, useOutcomeToast } from "./use-outcome-toast";

export type JobActionIntent = "retry" | "cancel" | "approve" | "reject" | "retry-failed" | "cancel-not-started" | "undo-reject";

export interface ActionConfirmation {
  title: string;
  /** What is lost, in the merchant's words. */
  body: string;
  confirmLabel: string;
}

export interface JobActionButtonProps {
  intent: JobActionIntent;
  label: string;
  jobId?: string;
  variant?: "primary" | "secondary" | "plain";
  tone?: "critical" | "success";
  size?: "slim" | "medium";
  /** Asked before the action is sent. */
  confirm?: ActionConfirmation;
  /** Where the result shows, opened once the action succeeded (e.g. the tab with the retried videos). */
  landOn?: string;
}

export function JobActionButton({ intent, label, jobId, variant, tone, size = "slim", confirm, landOn }: JobActionButtonProps) {
  const fetcher = useFetcher<ActionOutcome>();
  // The undo outlives this button (a reject replaces it): sent under a key the page follows, which toasts how it went.
  const undo = useFetcher<ActionOutcome>({ key: UNDO_FETCHER_KEY });
  const submit = useSubmit();
  const [undoneFor, setUndoneFor] = useState<unknown>(null);
  const sendUndo = (action: UndoAction) => {
    setUndoneFor(fetcher.data);
    submit(undoForm(action), { method: "post", navigate: false, fetcherKey: UNDO_FETCHER_KEY });
  };
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const outcome = fetcher.state === "idle" ? fetcher.data : undefined;
  const refused = outcome && !outcome.ok ? outcome.message : null;
  useOutcomeToast(fetcher.data, sendUndo);

  useEffect(() => {
    if (landOn && fetcher.state === "idle" && fetcher.data?.ok) navigate(landOn, { preventScrollReset: true });
  }, [fetcher.state, fetcher.data, landOn, navigate]);

  function send() {
    setAsking(false);
    const form = new FormData();
    form.set("intent", intent);
    if (jobId) form.set("jobId", jobId);
    fetcher.submit(form, { method: "post" });
  }

  const undoable = outcome?.ok && outcome.undo && undoneFor !== outcome ? outcome.undo : null;
  return (
    <BlockStack gap="100" inlineAlign="start">
      <Button
        size={size}
        variant={variant}
        tone={tone}
        loading={fetcher.state !== "idle"}
        onClick={() => (confirm ? setAsking(true) : send())}
      >
        {label}
      </Button>
      {refused && (
        <Text as="span" variant="bodySm" tone="critical">
          {refused}
        </Text>
      )}
      {undoable && (
        <InlineStack gap="100" blockAlign="center">
          <Text as="span" variant="bodySm" tone="subdued">
            {outcome?.message}
          </Text>
          <Button variant="plain" loading={undo.state !== "idle"} onClick={() => sendUndo(undoable)}>
            Undo
          </Button>
        </InlineStack>
      )}
      {confirm && (
        <Modal
          open={asking}
          onClose={() => setAsking(false)}
          title={confirm.title}
          primaryAction={{ content: confirm.confirmLabel, destructive: true, onAction: send }}
          secondaryActions={[{ content: "Keep", onAction: () => setAsking(false) }]}
        >
          <Modal.Section>
            <Text as="p">{confirm.body}</Text>
          </Modal.Section>
        </Modal>
      )}
    </BlockStack>
  );
}
