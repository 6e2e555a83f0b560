// The illustration Shopify's own app template uses for empty states (served by Shopify's CDN).
export const EMPTY_STATE_IMAGE = "https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png";
