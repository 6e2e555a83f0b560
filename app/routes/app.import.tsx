// /app/import: an agency's CSV manifest (sku, image_url, video_prompt,
// collection, target_surface). Good rows become batches; every other row is
// listed with its line number and why it was skipped.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DropZone,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  List,
  Select,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { ManifestProblems } from "~/admin-ui/components/ManifestProblems";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { formatCount, plural } from "~/merchant-copy/format";
import { renderChoicesFor } from "~/pipeline/render-choices.server";
import { MANIFEST_SURFACE_NAMES } from "~/pipeline/target-surfaces";
import { adminContext } from "~/auth/admin-context.server";
import { MAX_MANIFEST_ROWS } from "~/manifests/manifest-csv.server";
import { MAX_MANIFEST_BYTES } from "~/security/body-limits.server";
import { MANIFEST_COLUMNS } from "~/manifests/manifest-columns";
import { importManifest } from "~/manifests/manifest-import.server";
import { readImportForm } from "~/manifests/manifest-upload.server";
import { webPipeline } from "~/pipeline/web-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const choices = await renderChoicesFor(webPipeline().db, shop);
  return json({
    models: choices.models,
    durations: choices.durations,
    defaults: choices.defaults,
    credits: choices.credits,
    columns: [...MANIFEST_COLUMNS],
    surfaces: MANIFEST_SURFACE_NAMES,
    limits: { megabytes: MAX_MANIFEST_BYTES / 1024 / 1024, rows: MAX_MANIFEST_ROWS },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const form = await readImportForm(request);
  if (!form.ok) return json({ ok: false as const, errors: { manifest: form.error }, formError: form.error }, { status: 400 });
  const outcome = await importManifest(webPipeline(), shop, form);
  return json(outcome, { status: outcome.ok ? 200 : 400 });
}

export default function ImportManifest() {
  const data = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors: Record<string, string> = outcome && !outcome.ok ? outcome.errors : {};
  const submit = useSubmit();
  const importing = useNavigation().state === "submitting";
  const [file, setFile] = useState<File | null>(null);
  const [model, setModel] = useState(data.defaults.model);
  const [duration, setDuration] = useState(String(data.defaults.duration));

  // Imported: the same file should not go again by a second click.
  useEffect(() => {
    if (outcome?.ok) setFile(null);
  }, [outcome]);

  function startImport() {
    const form = new FormData();
    if (file) form.set("manifest", file, file.name);
    form.set("model", model);
    form.set("duration", duration);
    submit(form, { method: "post", encType: "multipart/form-data" });
  }

  const report = outcome?.ok ? outcome.report : null;
  const queued = report ? report.batches.reduce((sum, b) => sum + b.created, 0) : 0;

  return (
    <AdminPage title="Import CSV" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {outcome && !outcome.ok && (
              <Banner tone="critical" title="Nothing was imported">
                <p>{outcome.formError ?? "Please fix the fields marked below."}</p>
              </Banner>
            )}
            {report && (
              <Banner
                tone={report.problems.length > 0 ? "warning" : "success"}
                title={`${plural(report.accepted, "row")} of ${report.fileName} imported: ${plural(queued, "new video")} queued`}
              >
                <BlockStack gap="100">
                  {report.batches.map((b) => (
                    <Text as="p" key={b.batchId}>
                      <Link url={`/app/batches/${b.batchId}`}>{b.title}</Link>: {plural(b.created, "video")}
                      {b.reused > 0 ? ` (${formatCount(b.reused)} already on the way or live)` : ""}
                    </Text>
                  ))}
                  {report.problems.length > 0 && <Text as="p">{plural(report.problems.length, "row")} skipped; see below.</Text>}
                </BlockStack>
              </Banner>
            )}
            {report && report.problems.length > 0 && (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Rows that were skipped
                  </Text>
                  <ManifestProblems problems={report.problems} />
                </BlockStack>
              </Card>
            )}
            <Card>
              <FormLayout>
                <DropZone
                  label="Manifest (CSV)"
                  accept=".csv,text/csv"
                  type="file"
                  allowMultiple={false}
                  error={Boolean(errors.manifest)}
                  onDrop={(accepted) => setFile(accepted[0] ?? null)}
                >
                  {file ? (
                    <Box padding="400">
                      <Text as="p" alignment="center">
                        {file.name} ({formatCount(Math.ceil(file.size / 1024))} KB)
                      </Text>
                    </Box>
                  ) : (
                    <DropZone.FileUpload actionTitle="Choose a CSV file" actionHint="or drop it here" />
                  )}
                </DropZone>
                {errors.manifest && (
                  <Text as="p" tone="critical">
                    {errors.manifest}
                  </Text>
                )}
                <FormLayout.Group>
                  <Select
                    label="Model"
                    options={data.models.map((m) => ({ label: m.label, value: m.id }))}
                    value={model}
                    onChange={setModel}
                    error={errors.model}
                  />
                  <Select
                    label="Length"
                    options={data.durations.map((d) => ({ label: `${d} seconds`, value: String(d) }))}
                    value={duration}
                    onChange={setDuration}
                    error={errors.duration}
                  />
                </FormLayout.Group>
                <InlineStack align="end">
                  <Button variant="primary" onClick={startImport} loading={importing}>
                    Import CSV
                  </Button>
                </InlineStack>
              </FormLayout>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                The file
              </Text>
              <Text as="p">One row per SKU, with a first line naming the columns:</Text>
              <Text as="p" fontWeight="semibold">
                {data.columns.join(", ")}
              </Text>
              <List>
                <List.Item>sku and image_url are required; the SKU must belong to a product in your store.</List.Item>
                <List.Item>video_prompt is optional; empty uses your template for the surface.</List.Item>
                <List.Item>target_surface is one of {data.surfaces.join(", ")}; it sets the clip's shape.</List.Item>
                <List.Item>
                  Up to {formatCount(data.limits.rows)} rows and {data.limits.megabytes} MB per file.
                </List.Item>
              </List>
              <Text as="p" tone="subdued">
                {formatCount(data.credits.remaining)} of your {formatCount(data.credits.budget)} monthly credits are left.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
