// The result manifest as CSV or JSON Lines. Fetched (inside Shopify admin, App
// Bridge adds the session token to the request) and handed to the browser as a
// file, because a plain link from the embedded page would carry no session.
import { Button, ButtonGroup, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";

type Format = "csv" | "jsonl";

export function ExportButtons({ batchId }: { batchId: string }) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [failed, setFailed] = useState(false);

  async function download(format: Format) {
    setBusy(format);
    setFailed(false);
    try {
      const response = await fetch(`/app/batches/${encodeURIComponent(batchId)}/export?format=${format}`);
      if (!response.ok) throw new Error(`export answered ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = `catalog-motion-${batchId}.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <InlineStack gap="200" blockAlign="center">
      <ButtonGroup>
        <Button onClick={() => download("csv")} loading={busy === "csv"}>
          Export CSV
        </Button>
        <Button onClick={() => download("jsonl")} loading={busy === "jsonl"}>
          Export JSONL
        </Button>
      </ButtonGroup>
      {failed && (
        <Text as="span" tone="critical">
          The export didn't download. Please try again.
        </Text>
      )}
    </InlineStack>
  );
}
