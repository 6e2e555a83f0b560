// The empty-state illustration, served by the app itself (public/) so it shows
// in the offline sandbox too, where Shopify's CDN cannot be reached.
export const EMPTY_STATE_IMAGE = "/empty-state.svg";
