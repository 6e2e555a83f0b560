// The in-app product list: search the shop's products (read through the Admin
// API) and tick the ones to make videos for. Works inside Shopify admin and in
// the sandbox alike; the selection survives searching and paging.
import { Form, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Pagination,
  ResourceItem,
  ResourceList,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useHasMounted } from "../use-has-mounted";
import type { ChosenProduct } from "./chosen";
import { ProductThumbnail } from "./ProductThumbnail";

export interface ProductListItem {
  id: string;
  title: string;
  imageUrl: string | null;
  sku: string | null;
}

export interface ProductListPage {
  products: ProductListItem[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export function ProductChooser(props: {
  page: ProductListPage | null;
  unavailable: string | null;
  chosen: Map<string, ChosenProduct>;
  onChange: (chosen: Map<string, ChosenProduct>) => void;
}) {
  const mounted = useHasMounted();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const products = props.page?.products ?? [];

  function select(ids: string[]) {
    const next = new Map(props.chosen);
    for (const p of products) {
      if (ids.includes(p.id)) next.set(p.id, { id: p.id, title: p.title, imageUrl: p.imageUrl });
      else next.delete(p.id);
    }
    props.onChange(next);
  }

  function toggle(id: string) {
    const selected = products.filter((p) => props.chosen.has(p.id)).map((p) => p.id);
    select(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  }

  function goTo(cursor: { after?: string; before?: string }) {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [k, v] of Object.entries(cursor)) if (v) next.set(k, v);
    navigate(`?${next}`, { preventScrollReset: true });
  }

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Your products
        </Text>
        <Form method="get" preventScrollReset>
          {params.get("cq") && <input type="hidden" name="cq" value={params.get("cq") ?? ""} />}
          <TextField
            label="Search products"
            name="q"
            value={search}
            onChange={setSearch}
            autoComplete="off"
            placeholder="Title or SKU"
            connectedRight={<Button submit>Search</Button>}
          />
        </Form>
        {props.unavailable ? (
          <Banner tone="warning">
            <p>{props.unavailable}</p>
          </Banner>
        ) : !mounted ? (
          <SkeletonBodyText lines={Math.min(Math.max(products.length, 1), 10)} />
        ) : (
          <ResourceList
            resourceName={{ singular: "product", plural: "products" }}
            items={products}
            selectable
            selectedItems={products.filter((p) => props.chosen.has(p.id)).map((p) => p.id)}
            onSelectionChange={(selection) => select(selection === "All" ? products.map((p) => p.id) : selection)}
            emptyState={
              <Text as="p" tone="subdued">
                No products match that search.
              </Text>
            }
            renderItem={(product) => (
              <ResourceItem
                id={product.id}
                name={product.title}
                onClick={() => toggle(product.id)}
                media={<ProductThumbnail imageUrl={product.imageUrl} title={product.title} />}
              >
                <Text as="span" fontWeight="semibold">
                  {product.title}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {product.imageUrl ? (product.sku ? `SKU ${product.sku}` : "No SKU") : "No product image, so no video can be made"}
                </Text>
              </ResourceItem>
            )}
          />
        )}
        {props.page && (props.page.hasNextPage || props.page.hasPreviousPage) && (
          <InlineStack align="center">
            <Pagination
              hasPrevious={props.page.hasPreviousPage}
              onPrevious={() => goTo({ before: props.page?.startCursor ?? undefined })}
              hasNext={props.page.hasNextPage}
              onNext={() => goTo({ after: props.page?.endCursor ?? undefined })}
            />
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
