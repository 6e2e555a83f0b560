// What a merchant action answers, for the page to show (shared with the browser).
export interface ActionOutcome {
  ok: boolean;
  message: string;
  /** An action that takes this one back (Undo of a reject), offered in the toast and next to the button. */
  undo?: UndoAction;
}

/** Undo of one reject (the job page's and batch page's buttons) or of the clips rejected together on Review. */
export type UndoAction = { intent: "undo-reject"; jobId: string } | { intent: "undo-reject-selected"; jobIds: string[] };

/** The form that posts the undo to the page's own action. */
export function undoForm(undo: UndoAction): FormData {
  const form = new FormData();
  form.set("intent", undo.intent);
  for (const id of undo.intent === "undo-reject" ? [undo.jobId] : undo.jobIds) form.append("jobId", id);
  return form;
}
