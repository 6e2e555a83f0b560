// /app/import: an agency's CSV manifest (sku, image_url, video_prompt,
// collection, target_surface), in two steps. Upload: every row and its photo
// are checked, SKUs matched and the videos priced, and nothing is made. Then
// the merchant imports the rows the preview showed, or chooses another file.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
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
import { useEffect, useMemo, useState } from "react";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { ManifestProblems } from "~/admin-ui/components/ManifestProblems";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { useOutcomeToast } from "~/admin-ui/components/use-outcome-toast";
import { downloadCsv } from "~/admin-ui/csv-download";
import { formatCount, plural } from "~/merchant-copy/format";
import { renderChoicesFor } from "~/pipeline/render-choices.server";
import { MANIFEST_SURFACE_NAMES } from "~/pipeline/target-surfaces";
import { adminContext } from "~/auth/admin-context.server";
import { storeVideoRoom } from "~/catalog/store-limits.server";
import { MAX_MANIFEST_ROWS } from "~/manifests/manifest-csv.server";
import { MAX_MANIFEST_BYTES, readForm } from "~/security/body-limits.server";
import { MANIFEST_COLUMNS } from "~/manifests/manifest-columns";
import { confirmImport, previewImport } from "~/manifests/import-preview.server";
import { readImportForm } from "~/manifests/manifest-upload.server";
import { importProgressOf } from "~/manifests/manifest-import.server";
import { useLiveRefresh } from "~/admin-ui/use-live-refresh";
import { webPipeline } from "~/pipeline/web-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const ctx = webPipeline();
  // A large file's import, while a worker matches its SKUs, and then its report.
  const importId = new URL(request.url).searchParams.get("import");
  const [choices, storeVideos, importing] = await Promise.all([
    renderChoicesFor(ctx.db, shop),
    storeVideoRoom(ctx, shop),
    importId ? importProgressOf(ctx, shop, importId) : null,
  ]);
  return json({
    importing,
    storeVideos,
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
  const ctx = webPipeline();
  // The upload (a file) is the preview; the confirmation is a small form naming the preview.
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await readImportForm(request);
    if (!form.ok)
      return json(
        { step: "preview" as const, ok: false as const, errors: { manifest: form.error }, formError: form.error },
        { status: 400 },
      );
    const outcome = await previewImport(ctx, shop, form);
    return json({ step: "preview" as const, ...outcome }, { status: outcome.ok ? 200 : 400 });
  }
  const form = await readForm(request);
  const outcome = await confirmImport(ctx, shop, String(form.get("token") ?? ""));
  if (outcome.ok && "importing" in outcome) return redirect(`/app/import?import=${outcome.importing.importId}`);
  return json({ step: "import" as const, ...outcome }, { status: outcome.ok ? 200 : 409 });
}

const SAMPLE_ROWS = [
  ["OAK-BOARD-01", "https://cdn.example.com/photos/oak-board.jpg", "Slow push-in, warm studio light", "Kitchen", "product-page"],
  ["LINEN-TOTE-02", "https://cdn.example.com/photos/linen-tote.png", "", "Summer", "social"],
];

export default function ImportManifest() {
  const data = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [file, setFile] = useState<File | null>(null);
  const [model, setModel] = useState(data.defaults.model);
  const [duration, setDuration] = useState(String(data.defaults.duration));
  const [dismissed, setDismissed] = useState<unknown>(null);

  const preview = outcome?.step === "preview" && outcome.ok && dismissed !== outcome ? outcome.preview : null;
  const importing = outcome ? null : data.importing;
  useLiveRefresh(importing?.state === "matching");
  const report = outcome?.step === "import" && outcome.ok ? outcome.report : importing?.state === "done" ? importing.report : null;
  const failure = outcome && !outcome.ok ? outcome : null;
  const errors: Record<string, string> = failure?.errors ?? {};
  const queued = report ? report.batches.reduce((sum, b) => sum + b.created, 0) : 0;
  // One toast per import: the outcome object changes only when a new answer arrives.
  const imported = useMemo(
    () => (report ? { ok: true, message: `${plural(queued, "video")} queued from ${report.fileName}` } : null),
    [report, queued],
  );
  useOutcomeToast(imported);

  // Imported: the same file should not go again by a second click.
  useEffect(() => {
    if (report) setFile(null);
  }, [report]);

  function startPreview() {
    const form = new FormData();
    if (file) form.set("manifest", file, file.name);
    form.set("model", model);
    form.set("duration", duration);
    submit(form, { method: "post", encType: "multipart/form-data" });
  }
  function confirm() {
    if (preview) submit({ token: preview.token }, { method: "post" });
  }

  const overBudget = preview ? preview.estimate.total > preview.estimate.remaining : false;
  const primaryAction = preview
    ? { content: `Import ${plural(preview.ready, "row")}`, onAction: confirm, disabled: preview.ready === 0 || busy }
    : { content: "Preview import", onAction: startPreview, disabled: !file || busy };

  return (
    <AdminPage title="Import CSV" backAction={{ content: "Home", url: "/app" }} primaryAction={primaryAction}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure && (
              <Banner tone="critical" title="Nothing was imported">
                <p>{failure.formError ?? "Please fix the fields marked below."}</p>
              </Banner>
            )}
            {importing?.state === "matching" && (
              <Banner tone="info" title={`Matching ${plural(importing.rows, "SKU")} with your store…`}>
                <p>
                  The videos are queued as soon as every SKU is matched; this page updates by itself.{" "}
                  <Link url={`/app/batches/${importing.batchId}`}>Open the batch</Link>
                </p>
              </Banner>
            )}
            {importing?.state === "failed" && (
              <Banner tone="critical" title="Nothing was imported">
                <p>{importing.reason}</p>
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
            {preview && (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Preview of {preview.fileName}
                  </Text>
                  <Text as="p">
                    {plural(preview.rows, "row")} read: {plural(preview.ready, "row")} ready to import
                    {preview.problems.length > 0 ? `, ${plural(preview.problems.length, "row")} skipped` : ""}.
                  </Text>
                  <Text as="p">
                    {plural(preview.ready, "video")} with {preview.modelLabel}, {preview.duration} seconds each: about{" "}
                    {plural(preview.estimate.total, "credit")} ({formatCount(preview.estimate.perVideo)} per video).{" "}
                    {formatCount(preview.estimate.remaining)} credits are left this month.
                  </Text>
                  {overBudget && (
                    <Banner tone="warning">
                      <p>
                        This is more than the credits left this month. Videos past the budget wait, paused, until the budget allows them;
                        none is charged until it is made.
                      </p>
                    </Banner>
                  )}
                  {preview.unchecked > 0 && (
                    <Text as="p" tone="subdued">
                      {plural(preview.unchecked, "photo")} could not be checked now; those rows go ahead, and the video provider tries the
                      photos itself.
                    </Text>
                  )}
                  {!preview.skusMatched && preview.ready > 0 && (
                    <Text as="p" tone="subdued">
                      {preview.photosChecked
                        ? "SKUs are matched to your products when you import; rows whose SKU is not in your store are skipped then."
                        : "Photos are checked and SKUs matched to your products when you import; rows with a photo the video provider can't use, or a SKU not in your store, are skipped then and listed in the report."}
                    </Text>
                  )}
                  <InlineStack gap="200">
                    <Button variant="primary" onClick={confirm} disabled={preview.ready === 0} loading={busy}>
                      {`Import ${plural(preview.ready, "row")}`}
                    </Button>
                    <Button onClick={() => setDismissed(outcome)} disabled={busy}>
                      Choose another file
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            )}
            {(preview ?? report) && (preview ?? report)!.problems.length > 0 && (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {preview ? "Rows that will be skipped" : "Rows that were skipped"}
                  </Text>
                  <ManifestProblems problems={(preview ?? report)!.problems} fileName={(preview ?? report)!.fileName} />
                </BlockStack>
              </Card>
            )}
            {!preview && (
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
                    <Button variant="primary" onClick={startPreview} loading={busy} disabled={!file}>
                      Preview import
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                The file
              </Text>
              <Text as="p">One row per SKU, with a first line naming the columns:</Text>
              <Text as="p" fontWeight="semibold" breakWord>
                {data.columns.join(", ")}
              </Text>
              <List>
                <List.Item>sku and image_url are required; the SKU must belong to a product in your store.</List.Item>
                <List.Item>image_url is a public https address of a JPEG, PNG or WebP photo.</List.Item>
                <List.Item>video_prompt is optional; empty uses your template for the surface.</List.Item>
                <List.Item>target_surface is one of {data.surfaces.join(", ")}; it sets the clip's shape.</List.Item>
                <List.Item>
                  Up to {formatCount(data.limits.rows)} rows and {data.limits.megabytes} MB per file.
                </List.Item>
              </List>
              <InlineStack>
                <Button onClick={() => downloadCsv("catalog-motion-template.csv", [[...data.columns], ...SAMPLE_ROWS])}>
                  Download a sample file
                </Button>
              </InlineStack>
              <Text as="p" tone="subdued">
                {formatCount(data.credits.remaining)} of your {formatCount(data.credits.budget)} monthly credits are left.
              </Text>
              <Text as="p" tone="subdued">
                {data.storeVideos.note}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
