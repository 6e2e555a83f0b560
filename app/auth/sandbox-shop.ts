/**
 * The demo shop the offline sandbox runs as. Its own module so scripts that
 * only need the name do not load the Shopify app configuration (which opens
 * the session table of the default database).
 */
export const SANDBOX_SHOP = "catalog-motion-demo.myshopify.com";
