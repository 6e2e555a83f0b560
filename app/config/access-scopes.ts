// The access scopes the app asks Shopify for. shopify.app.toml is what Shopify
// reads (it names the operations behind each scope); this is the same list for
// the code: the SCOPES default, the emulator's grant and the tests' sessions.
export const APP_SCOPES = "read_products,write_products,write_files";
