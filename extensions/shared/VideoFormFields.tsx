// The generate form's fields, the same in all three actions.
import { BlockStack, InlineStack, Select, TextArea } from "@shopify/ui-extensions-react/admin";
import type { FormOptions } from "../../app/extension-actions/api-types";
import type { VideoForm } from "./use-video-form";

export function VideoFormFields({ form, state, disabled }: { form: FormOptions; state: VideoForm; disabled?: boolean }) {
  return (
    <BlockStack gap="base">
      <TextArea
        label="Prompt"
        value={state.options.prompt}
        onChange={state.setPrompt}
        error={state.promptError}
        rows={3}
        disabled={disabled}
      />
      <Select
        label="Model"
        value={state.options.model}
        onChange={state.setModel}
        options={form.models.map((m) => ({ value: m.id, label: m.label }))}
        disabled={disabled}
      />
      <InlineStack gap="base">
        <Select
          label="Length"
          value={String(state.options.duration)}
          onChange={state.setDuration}
          options={form.durations.map((d) => ({ value: String(d), label: `${d} seconds` }))}
          disabled={disabled}
        />
        <Select
          label="Shape"
          value={state.options.aspectRatio}
          onChange={state.setAspectRatio}
          options={form.aspectRatios}
          disabled={disabled}
        />
      </InlineStack>
    </BlockStack>
  );
}
