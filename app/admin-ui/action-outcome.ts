// What a merchant action answers, for the page to show (shared with the browser).
export interface ActionOutcome {
  ok: boolean;
  message: string;
  /** An action that takes this one back (Undo of a reject), offered next to the toast. */
  undo?: { intent: "undo-reject"; jobId: string };
}
