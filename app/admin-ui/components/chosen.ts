// What the merchant has chosen on the generate page, kept in the browser
// across searches and pages of the product list.
export interface ChosenProduct {
  id: string;
  title: string;
  imageUrl: string | null;
}

export interface ChosenCollection {
  id: string;
  title: string;
  productsCount: number;
}
