// /app/generate: choose products (App Bridge's resource picker inside Shopify
// admin, or the in-app list anywhere) or whole collections, set the prompt and
// the clip, see the cost, and create the batch. The list, the page's long part,
// comes last, so the settings and the Generate bar (always in view at the
// bottom) are a few Tab presses from the top rather than after every row.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MakeFirstConfirmation } from "~/admin-ui/components/MakeFirstConfirmation";
import { overLimit } from "~/admin-ui/over-limit";
import { Banner, BlockStack, Card, ChoiceList, FormLayout, InlineStack, Layout, Select, Tag, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import type { ChosenCollection, ChosenProduct } from "~/admin-ui/components/chosen";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { CollectionChooser } from "~/admin-ui/components/CollectionChooser";
import { CostEstimate } from "~/admin-ui/components/CostEstimate";
import { GenerateActionBar, GenerateActionBarSpace } from "~/admin-ui/components/GenerateActionBar";
import { ProductChooser } from "~/admin-ui/components/ProductChooser";
import { CollectionPickerButton, ProductPickerButton } from "~/admin-ui/components/ResourcePickerButtons";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { formatCount, plural } from "~/merchant-copy/format";
import { generateVideos, loadCatalogForGenerate } from "~/admin-ui/generate.server";
import { useShopifyAdminFeatures } from "~/admin-ui/layout";
import { renderChoicesFor } from "~/pipeline/render-choices.server";
import { adminContext } from "~/auth/admin-context.server";
import { storeVideoRoom } from "~/catalog/store-limits.server";
import { SendingPausedBanner } from "~/admin-ui/components/SendingPausedBanner";
import { sendingPauseOf } from "~/pipeline/shop-pause.server";
import { moneyEstimate } from "~/billing/estimate.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const ctx = webPipeline();
  const [choices, catalog, storeVideos, sendingPause] = await Promise.all([
    renderChoicesFor(ctx.db, shop),
    loadCatalogForGenerate(ctx, shop, new URL(request.url).searchParams),
    storeVideoRoom(ctx, shop),
    sendingPauseOf(ctx.db, shop),
  ]);
  const money = await moneyEstimate(ctx.db, shop, choices.models, choices.durations);
  return json({ ...choices, ...catalog, storeVideos, sendingPause, money });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const outcome = await generateVideos(webPipeline(), shop, await readForm(request));
  if (outcome.ok) {
    const notice = outcome.notice.toString();
    return redirect(`/app/batches/${outcome.batchId}${notice ? `?${notice}` : ""}`);
  }
  return json(outcome, { status: 400 });
}

type Mode = "products" | "collection";
const SHOWN_CHOSEN = 20;

export default function GenerateVideos() {
  const data = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors: Record<string, string> = outcome && !outcome.ok ? outcome.errors : {};
  const submitting = useNavigation().state === "submitting";
  const pickerAvailable = useShopifyAdminFeatures();

  const [mode, setMode] = useState<Mode>("products");
  const [products, setProducts] = useState(new Map<string, ChosenProduct>());
  const [collections, setCollections] = useState(new Map<string, ChosenCollection>());
  const [surfaceId, setSurfaceId] = useState<string>(data.defaults.surface);
  const surfaceOf = (id: string) => data.surfaces.find((s) => s.id === id) ?? data.surfaces[0];
  const [prompt, setPrompt] = useState(surfaceOf(data.defaults.surface).template);
  const [model, setModel] = useState(data.defaults.model);
  const [duration, setDuration] = useState(String(data.defaults.duration));
  const [aspectRatio, setAspectRatio] = useState(surfaceOf(data.defaults.surface).aspectRatio);

  function chooseSurface(id: string) {
    const before = surfaceOf(surfaceId);
    const next = surfaceOf(id);
    setSurfaceId(id);
    setAspectRatio(next.aspectRatio);
    // Switch to the new surface's template unless the merchant wrote their own prompt.
    if (prompt.trim() === before.template.trim() || prompt.trim() === "") setPrompt(next.template);
  }

  const videos = mode === "products" ? products.size : [...collections.values()].reduce((sum, c) => sum + c.productsCount, 0);
  const creditsPerVideo = data.creditsPerVideo[model]?.[duration] ?? 0;
  const chosenList = mode === "products" ? [...products.values()] : [...collections.values()];
  const chosenSummary =
    mode === "products"
      ? products.size === 0
        ? "No products chosen yet"
        : `${plural(products.size, "product")} chosen`
      : collections.size === 0
        ? "No collection chosen yet"
        : `${plural(collections.size, "collection")} chosen · ${plural(videos, "video")}`;
  const costSummary = `About ${plural(videos * creditsPerVideo, "credit")} of the ${formatCount(data.credits.remaining)} left this month`;
  // Over the budget or the store's room: ask before creating anything, and offer the first N that fit.
  const formRef = useRef<HTMLFormElement>(null);
  const [maxJobs, setMaxJobs] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const tooMany = overLimit({
    videos,
    creditsPerVideo,
    creditsLeft: data.credits.remaining,
    storeVideosLeft: data.storeVideos?.storeVideosLeft ?? null,
  });
  const submitWith = (limit: number | null) => {
    setConfirming(false);
    setMaxJobs(limit);
    // After the hidden field is drawn with the chosen limit.
    setTimeout(() => formRef.current?.requestSubmit(), 0);
  };

  return (
    <AdminPage
      title="Generate videos"
      backAction={{ content: "Home", url: "/app" }}
      // In admin's title bar, where Shopify puts a page's primary action, so it is never a long scroll away.
      primaryAction={{ content: "Generate videos", onAction: () => formRef.current?.requestSubmit(), disabled: videos === 0 || submitting }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {data.sendingPause && <SendingPausedBanner pause={data.sendingPause} />}
            {outcome && !outcome.ok && (outcome.formError || Object.keys(errors).length > 0) && (
              <Banner tone="critical" title="Nothing was created">
                <p>{outcome.formError ?? "Please fix the fields marked below."}</p>
              </Banner>
            )}

            <Card>
              <BlockStack gap="300">
                <ChoiceList
                  title="Make videos for"
                  choices={[
                    { label: "Products I choose", value: "products" },
                    { label: "Every product in a collection", value: "collection" },
                  ]}
                  selected={[mode]}
                  onChange={([value]) => setMode(value as Mode)}
                />
                {pickerAvailable && (
                  <InlineStack>
                    {mode === "products" ? (
                      <ProductPickerButton chosen={products} onPick={(picked) => setProducts(new Map(picked.map((p) => [p.id, p])))} />
                    ) : (
                      <CollectionPickerButton
                        chosen={collections}
                        onPick={(picked) => setCollections(new Map(picked.map((c) => [c.id, c])))}
                      />
                    )}
                  </InlineStack>
                )}
              </BlockStack>
            </Card>

            <Form
              method="post"
              ref={formRef}
              onSubmit={(event) => {
                if (tooMany && maxJobs === null && !confirming) {
                  event.preventDefault();
                  setConfirming(true);
                }
              }}
            >
              {maxJobs !== null && <input type="hidden" name="maxJobs" value={maxJobs} />}
              <input type="hidden" name="mode" value={mode} />
              {mode === "products"
                ? [...products.keys()].map((id) => <input key={id} type="hidden" name="productId" value={id} />)
                : [...collections.keys()].map((id) => <input key={id} type="hidden" name="collectionId" value={id} />)}
              <BlockStack gap="400">
                <Card>
                  <FormLayout>
                    <Text as="h2" variant="headingSm">
                      The video
                    </Text>
                    <Select
                      label="Where the video will be shown"
                      name="surface"
                      options={data.surfaces.map((s) => ({ label: s.label, value: s.id }))}
                      value={surfaceId}
                      onChange={chooseSurface}
                      error={errors.surface}
                    />
                    <TextField
                      label="Prompt"
                      name="prompt"
                      value={prompt}
                      onChange={setPrompt}
                      multiline={3}
                      autoComplete="off"
                      helpText="Describe the motion and the setting. Your templates for each surface are in Settings."
                      error={errors.prompt}
                    />
                    <FormLayout.Group>
                      <Select
                        label={data.modelField}
                        name="model"
                        options={data.models.map((m) => ({ label: m.label, value: m.id }))}
                        value={model}
                        onChange={setModel}
                        error={errors.model}
                      />
                      <Select
                        label="Length"
                        name="duration"
                        options={data.durations.map((d) => ({ label: `${d} seconds`, value: String(d) }))}
                        value={duration}
                        onChange={setDuration}
                        error={errors.duration}
                      />
                      <Select
                        label="Shape"
                        name="aspectRatio"
                        options={data.aspectRatios.map((a) => ({ label: a, value: a }))}
                        value={aspectRatio}
                        onChange={(v) => setAspectRatio(v as typeof aspectRatio)}
                        error={errors.aspectRatio}
                      />
                    </FormLayout.Group>
                    <Text as="p" variant="bodySm" tone="subdued">
                      Rendered by {data.providerLabel}.
                    </Text>
                  </FormLayout>
                </Card>

                <GenerateActionBar summary={chosenSummary} cost={videos > 0 ? costSummary : null} busy={submitting} />

                <Card>
                  <BlockStack gap="400">
                    <Text as="h2" variant="headingSm">
                      {mode === "products"
                        ? `${plural(products.size, "product")} chosen`
                        : `${plural(collections.size, "collection")} chosen`}
                    </Text>
                    {(errors.productId || errors.collectionId) && (
                      <Text as="p" tone="critical">
                        {errors.productId ?? errors.collectionId}
                      </Text>
                    )}
                    {chosenList.length > 0 && (
                      <InlineStack gap="200" wrap>
                        {chosenList.slice(0, SHOWN_CHOSEN).map((c) => (
                          <Tag
                            key={c.id}
                            onRemove={() => {
                              if (mode === "products")
                                setProducts((m) => {
                                  const n = new Map(m);
                                  n.delete(c.id);
                                  return n;
                                });
                              else
                                setCollections((m) => {
                                  const n = new Map(m);
                                  n.delete(c.id);
                                  return n;
                                });
                            }}
                          >
                            {c.title}
                          </Tag>
                        ))}
                        {chosenList.length > SHOWN_CHOSEN && (
                          <Text as="span" tone="subdued">
                            and {chosenList.length - SHOWN_CHOSEN} more
                          </Text>
                        )}
                      </InlineStack>
                    )}
                    <CostEstimate
                      videos={videos}
                      creditsPerVideo={creditsPerVideo}
                      remaining={data.credits.remaining}
                      budget={data.credits.budget}
                      storeVideos={data.storeVideos}
                      money={
                        data.money && {
                          ...data.money,
                          perVideoCents: data.money.pricesCents[model]?.[duration] ?? 0,
                        }
                      }
                    />
                  </BlockStack>
                </Card>
              </BlockStack>
            </Form>

            {mode === "products" ? (
              <ProductChooser page={data.productPage} unavailable={data.unavailable} chosen={products} onChange={setProducts} />
            ) : (
              <CollectionChooser
                collections={data.collections}
                unavailable={data.unavailable}
                chosen={collections}
                onChange={setCollections}
              />
            )}

            <GenerateActionBarSpace />
            {tooMany && (
              <MakeFirstConfirmation
                open={confirming}
                asked={videos}
                overLimit={tooMany}
                onMakeFirst={() => submitWith(tooMany.fit)}
                onMakeAll={() => submitWith(videos)}
                onClose={() => setConfirming(false)}
              />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
