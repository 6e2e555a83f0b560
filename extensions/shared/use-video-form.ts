// The generate form's state: starts from the shop's defaults and prompt
// template, follows the template when the shape changes (until the merchant
// edits the prompt), and prices the request as the choices change.
import { useState } from "preact/hooks";
import type { AspectRatio, FormOptions, RenderOptionsInput } from "../../app/extension-actions/api-types";

const MIN_PROMPT = 3;
const MAX_PROMPT = 1_000;

export interface VideoForm {
  options: RenderOptionsInput;
  setPrompt(prompt: string): void;
  setModel(model: string): void;
  setDuration(duration: string): void;
  setAspectRatio(aspectRatio: string): void;
  promptError: string | undefined;
  valid: boolean;
  creditsPerVideo: number;
}

export function useVideoForm(form: FormOptions): VideoForm {
  const [options, setOptions] = useState<RenderOptionsInput>(form.defaults);
  const [promptEdited, setPromptEdited] = useState(false);

  const prompt = options.prompt.trim();
  const promptError =
    prompt.length < MIN_PROMPT
      ? `Write a prompt of at least ${MIN_PROMPT} characters`
      : prompt.length > MAX_PROMPT
        ? `Keep the prompt under ${MAX_PROMPT.toLocaleString("en-US")} characters`
        : undefined;

  return {
    options,
    setPrompt(value) {
      setPromptEdited(true);
      setOptions((o) => ({ ...o, prompt: value }));
    },
    setModel(model) {
      setOptions((o) => ({ ...o, model }));
    },
    setDuration(duration) {
      setOptions((o) => ({ ...o, duration: Number(duration) }));
    },
    setAspectRatio(value) {
      const aspectRatio = value as AspectRatio;
      setOptions((o) => ({ ...o, aspectRatio, prompt: promptEdited ? o.prompt : (form.promptByAspectRatio[aspectRatio] ?? o.prompt) }));
    },
    promptError,
    valid: promptError === undefined,
    creditsPerVideo: form.creditsPerVideo[options.model]?.[String(options.duration)] ?? 0,
  };
}
