// The generate form's fields, the same in all three actions.
import type { FormOptions } from "../../app/extension-actions/api-types";
import type { VideoForm } from "./use-video-form";

export function VideoFormFields({ form, state, disabled }: { form: FormOptions; state: VideoForm; disabled?: boolean }) {
  return (
    <s-stack gap="base">
      <s-text-area
        label="Prompt"
        value={state.options.prompt}
        // Every keystroke, so the error and the submit button follow the prompt as it is typed.
        onInput={(event) => state.setPrompt(event.currentTarget.value)}
        error={state.promptError}
        rows={3}
        disabled={disabled}
      />
      <s-select
        label="Model"
        value={state.options.model}
        onChange={(event) => state.setModel(event.currentTarget.value)}
        disabled={disabled}
      >
        {form.models.map((m) => (
          <s-option key={m.id} value={m.id}>
            {m.label}
          </s-option>
        ))}
      </s-select>
      <s-grid gridTemplateColumns="1fr 1fr" gap="base">
        <s-select
          label="Length"
          value={String(state.options.duration)}
          onChange={(event) => state.setDuration(event.currentTarget.value)}
          disabled={disabled}
        >
          {form.durations.map((d) => (
            <s-option key={d} value={String(d)}>
              {`${d} seconds`}
            </s-option>
          ))}
        </s-select>
        <s-select
          label="Shape"
          value={state.options.aspectRatio}
          onChange={(event) => state.setAspectRatio(event.currentTarget.value)}
          disabled={disabled}
        >
          {form.aspectRatios.map((a) => (
            <s-option key={a.value} value={a.value}>
              {a.label}
            </s-option>
          ))}
        </s-select>
      </s-grid>
    </s-stack>
  );
}
