// /app/settings: the video provider and its API key (kept encrypted; only its
// last characters are ever shown), the defaults for new videos, publishing
// options, how many videos render at once, the monthly budget and the prompt
// templates. A bad field is marked and nothing is saved. A new key is tried
// with the provider before it is stored; changes show Shopify admin's
// contextual save bar, and saving answers with a toast.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  Collapsible,
  FormLayout,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { useOutcomeToast } from "~/admin-ui/components/use-outcome-toast";
import { MAX_CONCURRENCY_CAP, templateField } from "~/admin-ui/settings-fields";
import { loadSettingsPage, saveSettings } from "~/admin-ui/settings.server";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  return json({ settings: await loadSettingsPage(webPipeline().db, shop) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const outcome = await saveSettings(webPipeline(), shop, await readForm(request));
  return json(outcome, { status: outcome.ok ? 200 : 400 });
}

function Toggle({ name, label, helpText, initial }: { name: string; label: string; helpText: string; initial: boolean }) {
  const [on, setOn] = useState(initial);
  return (
    <>
      <input type="hidden" name={name} value={String(on)} />
      <Checkbox label={label} helpText={helpText} checked={on} onChange={setOn} />
    </>
  );
}

/** The form's fields as one string, to tell whether anything differs from what is saved. */
function formSnapshot(form: HTMLFormElement | null): string {
  if (!form) return "";
  return new URLSearchParams([...new FormData(form)].map(([k, v]) => [k, String(v)])).toString();
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  // Discard remounts the form, so every field goes back to what is saved.
  const [formKey, setFormKey] = useState(0);
  return <SettingsForm key={formKey} settings={settings} onDiscard={() => setFormKey((k) => k + 1)} />;
}

function SettingsForm({
  settings,
  onDiscard,
}: {
  settings: ReturnType<typeof useLoaderData<typeof loader>>["settings"];
  onDiscard: () => void;
}) {
  const outcome = useActionData<typeof action>();
  const errors: Record<string, string> = outcome && !outcome.ok ? outcome.errors : {};
  const saving = useNavigation().state === "submitting";

  const [provider, setProvider] = useState<string>(settings.provider);
  const models = settings.modelsByProvider[provider] ?? [];
  const [model, setModel] = useState(settings.defaultModel);
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [duration, setDuration] = useState(String(settings.defaultDuration));
  const [aspectRatio, setAspectRatio] = useState(settings.defaultAspectRatio);
  const [cap, setCap] = useState(String(settings.concurrencyCap));
  const [fidelity, setFidelity] = useState(String(settings.fidelityPercent));
  const [budget, setBudget] = useState(String(settings.monthlyCreditBudget));
  const [templates, setTemplates] = useState(Object.fromEntries(settings.templates.map((t) => [t.id, t.template])));

  const [showKeyDetails, setShowKeyDetails] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const saved = useRef("");
  const [dirty, setDirty] = useState(false);

  const toast = useMemo(
    () => (outcome ? { ok: outcome.ok, message: outcome.ok ? outcome.message : "Nothing was saved. Fix the marked fields." } : null),
    [outcome],
  );
  useOutcomeToast(toast);

  // A saved key is never put back into the page: clear what was typed once it is stored.
  useEffect(() => {
    if (outcome?.ok) {
      setApiKey("");
      setRemoveKey(false);
    }
  }, [outcome]);
  // What is saved is what the page was drawn with, and again after each successful save.
  useEffect(() => {
    if (saved.current && !outcome?.ok) return;
    // After the fields cleared above are drawn.
    const timer = setTimeout(() => (saved.current = formSnapshot(formRef.current)), 0);
    return () => clearTimeout(timer);
  }, [outcome]);
  // Checked after the change has been drawn: toggles write their hidden field on the next render.
  const checkDirty = () => setTimeout(() => setDirty(saved.current !== "" && formSnapshot(formRef.current) !== saved.current), 0);
  useEffect(() => {
    if (outcome?.ok) setDirty(false);
  }, [outcome]);

  function chooseProvider(next: string) {
    setProvider(next);
    const offered = settings.modelsByProvider[next] ?? [];
    if (!offered.some((m) => m.id === model)) setModel(offered[0]?.id ?? "");
  }

  return (
    <AdminPage title="Settings" backAction={{ content: "Home", url: "/app" }}>
      <SaveBar id="settings-save-bar" open={dirty}>
        <button variant="primary" onClick={() => formRef.current?.requestSubmit()} disabled={saving}>
          Save
        </button>
        <button onClick={onDiscard}>Discard</button>
      </SaveBar>
      <Form method="post" ref={formRef} onChange={checkDirty}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {outcome && !outcome.ok && (
                <Banner tone="critical" title="Nothing was saved">
                  <p>Please fix the fields marked below.</p>
                </Banner>
              )}

              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Video provider
                  </Text>
                  <Select
                    label="Provider"
                    name="provider"
                    options={settings.providers.map((p) => ({ label: p.label, value: p.id }))}
                    value={provider}
                    onChange={chooseProvider}
                    error={errors.provider}
                  />
                  {settings.keyHint && provider === settings.provider && (
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="p">Saved API key: {settings.keyHint}</Text>
                      {outcome?.ok && outcome.connected && <Badge tone="success">Connected</Badge>}
                    </InlineStack>
                  )}
                  {outcome?.ok && outcome.connected && (
                    <Text as="p" tone="success">
                      {outcome.connected}
                    </Text>
                  )}
                  <TextField
                    label={settings.keyHint && provider === settings.provider ? "Replace key" : "API key"}
                    name="apiKey"
                    type="password"
                    value={apiKey}
                    onChange={setApiKey}
                    autoComplete="new-password"
                    helpText="Stored encrypted. Leave empty to keep the current key (or use the app's own account if you have none)."
                    error={errors.apiKey}
                  />
                  {outcome && !outcome.ok && outcome.keyDetails && (
                    <BlockStack gap="100" inlineAlign="start">
                      <Button
                        variant="plain"
                        onClick={() => setShowKeyDetails((open) => !open)}
                        ariaExpanded={showKeyDetails}
                        ariaControls="key-details"
                      >
                        Details
                      </Button>
                      <Collapsible id="key-details" open={showKeyDetails}>
                        <Text as="p" variant="bodySm" tone="subdued">
                          {outcome.keyDetails}
                        </Text>
                      </Collapsible>
                    </BlockStack>
                  )}
                  <input type="hidden" name="removeKey" value={String(removeKey)} />
                  {settings.keyHint && provider === settings.provider && (
                    <Checkbox label="Remove the saved key" checked={removeKey} onChange={setRemoveKey} />
                  )}
                </FormLayout>
              </Card>

              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    New videos
                  </Text>
                  <Select
                    label={settings.modelFieldByProvider[provider] ?? "Default model"}
                    name="defaultModel"
                    options={models.map((m) => ({ label: m.label, value: m.id }))}
                    value={model}
                    onChange={setModel}
                    error={errors.defaultModel}
                  />
                  <FormLayout.Group>
                    <Select
                      label="Default length"
                      name="defaultDuration"
                      options={settings.durations.map((d) => ({ label: `${d} seconds`, value: String(d) }))}
                      value={duration}
                      onChange={setDuration}
                      error={errors.defaultDuration}
                    />
                    <Select
                      label="Default shape"
                      name="defaultAspectRatio"
                      options={settings.aspectRatios.map((a) => ({ label: a, value: a }))}
                      value={aspectRatio}
                      onChange={setAspectRatio}
                      error={errors.defaultAspectRatio}
                    />
                  </FormLayout.Group>
                  {settings.templates.map((t) => (
                    <TextField
                      key={t.id}
                      label={`Prompt template: ${t.label}`}
                      name={templateField(t.id)}
                      value={templates[t.id] ?? ""}
                      onChange={(value) => setTemplates((all) => ({ ...all, [t.id]: value }))}
                      multiline={2}
                      autoComplete="off"
                      error={errors[templateField(t.id)]}
                    />
                  ))}
                </FormLayout>
              </Card>

              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Publishing
                  </Text>
                  <Toggle
                    name="autoPublish"
                    label="Publish finished clips automatically"
                    helpText="Turn off to watch and approve each clip before it goes on the product page."
                    initial={settings.autoPublish}
                  />
                  <Toggle
                    name="replacePreviousClip"
                    label="Replace the previous clip"
                    helpText="Removes the clip this app added to the product before, so each product keeps one."
                    initial={settings.replacePreviousClip}
                  />
                  <Toggle
                    name="putFirst"
                    label="Show the clip first"
                    helpText="Moves the clip to the first position in the product's media."
                    initial={settings.putFirst}
                  />
                  <Toggle
                    name="aiAltText"
                    label="Say the video is AI-generated"
                    helpText="The clip's description for shoppers and screen readers reads “AI-generated video of” the product's title."
                    initial={settings.aiAltText}
                  />
                  <TextField
                    label="Likeness to your product photo needed to publish (%)"
                    name="fidelityPercent"
                    type="number"
                    value={fidelity}
                    onChange={setFidelity}
                    autoComplete="off"
                    helpText="Every clip is compared with the photo it was made from: shape, colours, and whether it goes black, freezes or drifts. A clip scoring below this waits for your review, even with automatic publishing on, with the reason shown. Higher is stricter; 60 suits most products."
                    error={errors.fidelityPercent}
                  />
                </FormLayout>
              </Card>

              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Pace and budget
                  </Text>
                  <FormLayout.Group>
                    <TextField
                      label="Videos rendering at once"
                      name="concurrencyCap"
                      type="number"
                      value={cap}
                      onChange={setCap}
                      autoComplete="off"
                      helpText={`From 1 to ${MAX_CONCURRENCY_CAP}.`}
                      error={errors.concurrencyCap}
                    />
                    <TextField
                      label="Monthly credit budget"
                      name="monthlyCreditBudget"
                      type="number"
                      value={budget}
                      onChange={setBudget}
                      autoComplete="off"
                      helpText="Sending stops for the month when it is used up."
                      error={errors.monthlyCreditBudget}
                    />
                  </FormLayout.Group>
                </FormLayout>
              </Card>

              <InlineStack align="end" gap="300" blockAlign="center">
                {outcome?.ok && (
                  <Text as="span" tone="success">
                    {outcome.message}
                  </Text>
                )}
                <Button submit variant="primary" loading={saving}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
