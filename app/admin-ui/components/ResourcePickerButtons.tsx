// Shopify admin's own product and collection picker (App Bridge). Rendered
// only inside the real Shopify admin: the sandbox's App Bridge stand-in has none.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import type { ChosenCollection, ChosenProduct } from "./chosen";

export function ProductPickerButton({
  chosen,
  onPick,
}: {
  chosen: Map<string, ChosenProduct>;
  onPick: (products: ChosenProduct[]) => void;
}) {
  const shopify = useAppBridge();
  async function open() {
    const picked = await shopify.resourcePicker({
      type: "product",
      multiple: true,
      selectionIds: [...chosen.keys()].map((id) => ({ id })),
    });
    if (picked) onPick(picked.map((p) => ({ id: p.id, title: p.title, imageUrl: p.images[0]?.originalSrc ?? null })));
  }
  return <Button onClick={open}>Choose products</Button>;
}

export function CollectionPickerButton({
  chosen,
  onPick,
}: {
  chosen: Map<string, ChosenCollection>;
  onPick: (collections: ChosenCollection[]) => void;
}) {
  const shopify = useAppBridge();
  async function open() {
    const picked = await shopify.resourcePicker({
      type: "collection",
      multiple: true,
      selectionIds: [...chosen.keys()].map((id) => ({ id })),
    });
    if (picked) onPick(picked.map((c) => ({ id: c.id, title: c.title, productsCount: c.productsCount })));
  }
  return <Button onClick={open}>Choose collections</Button>;
}
