// What a new render attempt must not inherit from the previous one, the
// attempt's nonce included: the old attempt's callbacks then name no attempt
// the job has. Used by the merchant's retry and by the app's own re-render of
// a clip that failed its checks.
export const NEW_RENDER_ATTEMPT = {
  generationId: null,
  outputUrl: null,
  modelActual: null,
  failoverUsed: false,
  renderStartedAt: null,
  renderedAt: null,
  submittedAt: null,
  attemptNonce: null,
  submitUnansweredSince: null,
} as const;
