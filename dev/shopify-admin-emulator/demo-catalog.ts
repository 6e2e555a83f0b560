// Seeded demo shops that look like real stores: product titles and SKUs of
// everyday merchandise, and collections of any size (10,000 products take a
// few milliseconds). Same seed, same catalog, same tokens.
import { createRandom, randomSeed, type Random } from "../shared/random";
import { Catalog, type CollectionRecord } from "./catalog";

const STORE_NAMES = [
  "Harbor Goods",
  "Northwind Supply",
  "Juniper & Co",
  "Copper Kettle",
  "Fieldnote Outfitters",
  "Saltwater Studio",
  "Oak & Ember",
  "Tidewell Market",
  "Brightside Home",
  "Canyon Trail Gear",
];
const CURRENCIES = ["USD", "CAD", "EUR", "GBP", "AUD"];

/** Item, SKU code, and the words that make it a product line. */
const ITEMS: { name: string; code: string; materials: string[] }[] = [
  { name: "Coffee Mug", code: "MUG", materials: ["Ceramic", "Enamel", "Stoneware"] },
  { name: "Running Sneakers", code: "SNK", materials: ["Mesh", "Knit", "Suede"] },
  { name: "Tote Bag", code: "TOT", materials: ["Canvas", "Leather", "Jute"] },
  { name: "Backpack", code: "BPK", materials: ["Waxed Canvas", "Nylon", "Recycled"] },
  { name: "Water Bottle", code: "BTL", materials: ["Stainless", "Glass", "Insulated"] },
  { name: "Hoodie", code: "HOD", materials: ["Fleece", "Organic Cotton", "French Terry"] },
  { name: "Desk Lamp", code: "LMP", materials: ["Brass", "Walnut", "Matte Steel"] },
  { name: "Throw Blanket", code: "BLK", materials: ["Wool", "Cotton", "Cashmere"] },
  { name: "Sunglasses", code: "SUN", materials: ["Acetate", "Titanium", "Bamboo"] },
  { name: "Scented Candle", code: "CND", materials: ["Soy", "Beeswax", "Coconut"] },
  { name: "Wallet", code: "WAL", materials: ["Leather", "Cork", "Canvas"] },
  { name: "Baseball Cap", code: "CAP", materials: ["Cotton", "Corduroy", "Linen"] },
  { name: "Chef Knife", code: "KNF", materials: ["Damascus", "Carbon Steel", "Ceramic"] },
  { name: "Yoga Mat", code: "YOG", materials: ["Cork", "Natural Rubber", "TPE"] },
  { name: "Wrist Watch", code: "WCH", materials: ["Steel", "Leather Strap", "Ceramic"] },
  { name: "Planter", code: "PLT", materials: ["Terracotta", "Concrete", "Glazed"] },
];
const STYLES = ["Classic", "Everyday", "Heritage", "Trail", "Minimal", "Coastal", "Urban", "Weekend", "Studio", "Signature"];
const COLORS = [
  { name: "Black", code: "BLK" },
  { name: "Sand", code: "SND" },
  { name: "Olive", code: "OLV" },
  { name: "Navy", code: "NVY" },
  { name: "Rust", code: "RST" },
  { name: "Sage", code: "SGE" },
  { name: "Ivory", code: "IVY" },
  { name: "Charcoal", code: "CHR" },
];
const COLLECTION_NAMES = ["Spring Catalog", "Bestsellers", "Everything", "Gift Guide", "Outdoor", "New Arrivals"];

export interface DemoCatalogOptions {
  /** Number of demo shops (default 1). */
  shops?: number;
  /** Products per shop, all in a "Featured" collection (default 24). */
  productsPerShop?: number;
  /** Extra collections per shop, each of this many new products. */
  collectionSizes?: number[];
  seed?: number;
}

export function createDemoCatalog(options: DemoCatalogOptions = {}): Catalog {
  const random = createRandom(options.seed ?? randomSeed());
  const catalog = new Catalog();
  const shopCount = options.shops ?? 1;
  for (let s = 0; s < shopCount; s++) {
    const name = STORE_NAMES[s % STORE_NAMES.length] + (s >= STORE_NAMES.length ? ` ${Math.floor(s / STORE_NAMES.length) + 1}` : "");
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.myshopify.com`;
    catalog.addShop({ domain, name, accessToken: `shpat_${hex(random, 32)}`, currencyCode: CURRENCIES[s % CURRENCIES.length] });
    addDemoCollection(catalog, domain, { title: "Featured", size: options.productsPerShop ?? 24, random });
    (options.collectionSizes ?? []).forEach((size, index) => {
      addDemoCollection(catalog, domain, { title: COLLECTION_NAMES[index % COLLECTION_NAMES.length], size, random });
    });
  }
  return catalog;
}

/** A collection of `size` new products of the shop, named and SKU'd like real merchandise. */
export function addDemoCollection(
  catalog: Catalog,
  shop: string,
  input: { title: string; size: number; random?: Random },
): CollectionRecord {
  const random = input.random ?? createRandom(randomSeed());
  const productIds: number[] = [];
  const serialStart = catalog.productsOf(shop).length;
  for (let i = 0; i < input.size; i++) {
    const item = random.pick(ITEMS);
    const color = random.pick(COLORS);
    const title = `${random.pick(STYLES)} ${random.pick(item.materials)} ${item.name} - ${color.name}`;
    const serial = String(serialStart + i + 1).padStart(5, "0");
    productIds.push(catalog.addProduct(shop, { title, sku: `${item.code}-${color.code}-${serial}` }).id);
  }
  return catalog.addCollection(shop, { title: input.title, productIds });
}

function hex(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random.next() * 16).toString(16);
  return out;
}
