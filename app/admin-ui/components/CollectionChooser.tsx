// The in-app collection list: generate for every product of a collection.
import { Form, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { plural } from "~/merchant-copy/format";
import type { ChosenCollection } from "./chosen";

export function CollectionChooser(props: {
  collections: ChosenCollection[] | null;
  unavailable: string | null;
  chosen: Map<string, ChosenCollection>;
  onChange: (chosen: Map<string, ChosenCollection>) => void;
}) {
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get("cq") ?? "");
  const collections = props.collections ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Your collections
        </Text>
        <Form method="get" preventScrollReset>
          {params.get("q") && <input type="hidden" name="q" value={params.get("q") ?? ""} />}
          <TextField
            label="Search collections"
            name="cq"
            value={search}
            onChange={setSearch}
            autoComplete="off"
            connectedRight={<Button submit>Search</Button>}
          />
        </Form>
        {props.unavailable ? (
          <Banner tone="warning">
            <p>{props.unavailable}</p>
          </Banner>
        ) : collections.length === 0 ? (
          <Text as="p" tone="subdued">
            No collections match that search.
          </Text>
        ) : (
          <ChoiceList
            title="Collection"
            titleHidden
            choices={collections.map((c) => ({ value: c.id, label: `${c.title} (${plural(c.productsCount, "product")})` }))}
            selected={[...props.chosen.keys()].filter((id) => collections.some((c) => c.id === id))}
            onChange={(ids) => props.onChange(new Map(collections.filter((c) => ids.includes(c.id)).map((c) => [c.id, c])))}
          />
        )}
      </BlockStack>
    </Card>
  );
}
