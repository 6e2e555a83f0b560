// The one place technical words may show: an expandable "Details" row under a
// sentence, for support and for the curious (HTTP codes, generation ids, model
// names). Closed until asked for.
import { BlockStack, Button, Collapsible, Text } from "@shopify/polaris";
import { useId, useState } from "react";

export function DetailsRow({ details }: { details: string | null }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!details) return null;
  return (
    <BlockStack gap="100" inlineAlign="start">
      <Button variant="plain" size="slim" onClick={() => setOpen((o) => !o)} ariaExpanded={open} ariaControls={id}>
        Details
      </Button>
      <Collapsible id={id} open={open}>
        <div data-details-row="">
          <Text as="p" variant="bodySm" tone="subdued" breakWord>
            {details}
          </Text>
        </div>
      </Collapsible>
    </BlockStack>
  );
}
