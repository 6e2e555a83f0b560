// The rows of a manifest that were not imported, each with its line and the
// whole reason (wrapped, never cut off), and the list as a CSV to fix them in.
import { BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { formatCount } from "~/merchant-copy/format";
import { isManifestColumn } from "~/manifests/manifest-columns";
import { downloadCsv } from "../csv-download";

export interface ManifestProblem {
  line: number;
  sku: string | null;
  reason: string;
}

/** A table of thousands of rows helps no one on screen; the download has them all. */
const SHOWN = 200;

/**
 * Reasons are written to follow "line N"; alone in a table cell they start
 * with a capital, unless they start with a column's name, which the merchant
 * must recognise from the file's header ("image_url", not "Image_url").
 */
export function asSentence(reason: string): string {
  const firstWord = reason.split(/[\s;,]/, 1)[0];
  if (isManifestColumn(firstWord)) return reason;
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

const cellStyle = { padding: "8px 12px", textAlign: "left", verticalAlign: "top", borderBottom: "1px solid #e3e3e3" } as const;

export function ManifestProblems({ problems, fileName }: { problems: ManifestProblem[]; fileName: string }) {
  const shown = problems.slice(0, SHOWN);
  const download = () =>
    downloadCsv(`${fileName.replace(/\.csv$/i, "")}-skipped-rows.csv`, [
      ["line", "sku", "why_skipped"],
      ...problems.map((p) => [p.line, p.sku, asSentence(p.reason)]),
    ]);
  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="p" tone="subdued">
          {formatCount(problems.length)} {problems.length === 1 ? "row" : "rows"} will not be imported.
        </Text>
        <Button onClick={download}>Download skipped rows (CSV)</Button>
      </InlineStack>
      <div style={{ width: "100%", overflowX: "auto" }}>
        <table style={{ width: "100%", borderCollapse: "collapse", tableLayout: "auto" }}>
          <thead>
            <tr>
              <th scope="col" style={{ ...cellStyle, width: "4rem" }}>
                Line
              </th>
              <th scope="col" style={{ ...cellStyle, width: "25%" }}>
                SKU
              </th>
              <th scope="col" style={cellStyle}>
                Why it was skipped
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={`${p.line}-${p.reason}`}>
                <td style={cellStyle}>{p.line}</td>
                <td style={{ ...cellStyle, overflowWrap: "anywhere" }}>{p.sku ?? "—"}</td>
                <td style={{ ...cellStyle, overflowWrap: "anywhere", whiteSpace: "normal" }}>{asSentence(p.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > SHOWN && (
        <Text as="p" tone="subdued">
          …and {formatCount(problems.length - SHOWN)} more rows with problems, all in the download.
        </Text>
      )}
    </BlockStack>
  );
}
