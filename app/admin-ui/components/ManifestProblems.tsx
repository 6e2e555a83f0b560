// The rows of a manifest that were not imported, each with its line and why.
import { BlockStack, DataTable, Text } from "@shopify/polaris";
import { formatCount } from "../format";

export interface ManifestProblem {
  line: number;
  sku: string | null;
  reason: string;
}

/** A table of thousands of rows helps no one; the count says how many more there are. */
const SHOWN = 200;

/** Reasons are written to follow "line N"; alone in a table cell they start with a capital. */
function asSentence(reason: string): string {
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
        <Text as="p" tone="subdued">…and {formatCount(problems.length - SHOWN)} more rows with problems.</Text>
      )}
    </BlockStack>
  );
}
