// shopify.app.toml cannot import the constant, so this is where the two meet.
import fs from "node:fs";
import { expect, it } from "vitest";
import { APP_SCOPES } from "./access-scopes";

it("is the list shopify.app.toml asks Shopify for", () => {
  const toml = fs.readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8");
  const section = toml.slice(toml.indexOf("[access_scopes]"));
  const asked = /^scopes = "([^"]*)"$/m.exec(section);
  expect(asked?.[1]).toBe(APP_SCOPES);
});
