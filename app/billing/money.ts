// Money as the merchant reads it: "$1.10", in the subscription's currency.
export function formatMoney(cents: number, currency = "USD"): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}
