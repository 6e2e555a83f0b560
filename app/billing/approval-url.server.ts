// Shopify's approval page opens top-level, outside the admin's iframe. The
// library's billing.request and updateUsageCappedAmount end by throwing a
// redirect out of the app; for a fetch from the embedded admin (a Remix form
// submission) that is a 401 carrying X-Shopify-API-Request-Failure-Reauthorize-Url,
// which Remix's client takes for an error and renders the error page while the
// admin navigates away. So the billing page's action catches that answer and
// hands the URL to the page, which opens it top-level itself, the way App
// Bridge documents it (window.open(url, "_top")). The same holds for the
// library's redirect to authentication when Shopify refused the token.
const REAUTHORIZE_URL = "X-Shopify-API-Request-Failure-Reauthorize-Url";

/**
 * Runs a library billing call that ends in a redirect out of the app, and
 * answers where the merchant must go, top-level. Any other outcome (an error,
 * a redirect for a document request) is rethrown as it was.
 */
export async function topLevelUrlOf(redirectsOut: () => Promise<unknown>): Promise<string> {
  try {
    await redirectsOut();
  } catch (thrown) {
    const url = thrown instanceof Response ? thrown.headers.get(REAUTHORIZE_URL) : null;
    if (url) return url;
    throw thrown;
  }
  throw new Error("The Shopify library's billing call returned instead of sending the merchant to Shopify");
}
