// /: where Shopify admin opens the app (with shop, host and id_token in the
// query). The app lives under /app, so go there, keeping the query.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export function loader({ request }: LoaderFunctionArgs) {
  return redirect(`/app${new URL(request.url).search}`);
}
