// /auth/login: where the app sends someone who opened it outside Shopify admin
// (no shop in the address). They name their store and Shopify's library takes
// them to it; a missing or malformed domain is said plainly on the form.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { login } from "~/shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

function shopError(errors: LoginError): string | null {
  if (errors.shop === LoginErrorType.MissingShop) return "Enter your store's domain to log in.";
  if (errors.shop === LoginErrorType.InvalidShop) return "That isn't a Shopify store domain. It looks like your-store.myshopify.com.";
  return null;
}

// Opening the page (no shop yet) shows the empty form; a named shop is checked.
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ shopError: shopError(await login(request)) });
}

export async function action({ request }: ActionFunctionArgs) {
  return json({ shopError: shopError(await login(request)) });
}

export default function Login() {
  const loaded = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = (submitted ?? loaded).shopError;
  return (
    <PolarisAppProvider i18n={en}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Catalog Motion
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Store domain"
                helpText="your-store.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error ?? undefined}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
