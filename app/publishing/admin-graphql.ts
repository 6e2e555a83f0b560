// What publishing needs from the Admin API: send a document, get its data.
// Throttling, retries and errors are the gateway's job (app/shopify-admin).
export interface AdminGraphql {
  request<TData>(document: string, variables?: Record<string, unknown>): Promise<TData>;
}

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** Shopify said no (userErrors / mediaUserErrors): retrying will not help. */
export class ShopifyRefusedError extends Error {
  constructor(readonly userErrors: UserError[], context: string) {
    super(`${context}: ${userErrors.map((e) => e.message).join("; ")}`);
    this.name = "ShopifyRefusedError";
  }
}
