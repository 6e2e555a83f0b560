// What a merchant action answers, for the page to show (shared with the browser).
export interface ActionOutcome {
  ok: boolean;
  message: string;
}
