// The rows of a manifest that were not imported, each with its line and why.
import { BlockStack, DataTable, Text } from "@shopify/polaris";
import { formatCount } from "~/merchant-copy/format";
import { isManifestColumn } from "~/manifests/manifest-columns";

export interface ManifestProblem {
  line: number;
  sku: string | null;
  reason: string;
}

/** A table of thousands of rows helps no one; the count says how many more there are. */
const SHOWN = 200;

/**
 * Reasons are written to follow "line N"; alone in a table cell they start
 * with a capital, unless they start with a column's name, which the merchant
 * must recognise from the file's header ("image_url", not "Image_url").
 */
function asSentence(reason: string): string {
  const firstWord = reason.split(/[\s;,]/, 1)[0];
  if (isManifestColumn(firstWord)) return reason;
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

export function ManifestProblems({ problems }: { problems: ManifestProblem[] }) {
  const shown = problems.slice(0, SHOWN);
  return (
    <BlockStack gap="200">
      <DataTable
        columnContentTypes={["numeric", "text", "text"]}
        headings={["Line", "SKU", "Why it was skipped"]}
        rows={shown.map((p) => [p.line, p.sku ?? "—", asSentence(p.reason)])}
      />
      {problems.length > SHOWN && (
        <Text as="p" tone="subdued">
          …and {formatCount(problems.length - SHOWN)} more rows with problems.
        </Text>
      )}
    </BlockStack>
  );
}
