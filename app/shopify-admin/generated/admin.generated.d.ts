/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type ShopTimeZoneQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopTimeZoneQuery = { shop: Pick<AdminTypes.Shop, 'ianaTimezone'> };

export type CatalogMotionActiveSubscriptionsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CatalogMotionActiveSubscriptionsQuery = { currentAppInstallation: { activeSubscriptions: Array<(
      Pick<AdminTypes.AppSubscription, 'id' | 'name' | 'status' | 'test' | 'currentPeriodEnd'>
      & { lineItems: Array<(
        Pick<AdminTypes.AppSubscriptionLineItem, 'id'>
        & { plan: { pricingDetails: { balanceUsed: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, cappedAmount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } } }
      )> }
    )> } };

export type CatalogMotionRecordClipChargeMutationVariables = AdminTypes.Exact<{
  subscriptionLineItemId: AdminTypes.Scalars['ID']['input'];
  price: AdminTypes.MoneyInput;
  description: AdminTypes.Scalars['String']['input'];
  idempotencyKey: AdminTypes.Scalars['String']['input'];
}>;


export type CatalogMotionRecordClipChargeMutation = { appUsageRecordCreate?: AdminTypes.Maybe<{ appUsageRecord?: AdminTypes.Maybe<(
      Pick<AdminTypes.AppUsageRecord, 'id' | 'idempotencyKey'>
      & { price: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, subscriptionLineItem: { plan: { pricingDetails: { balanceUsed: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, cappedAmount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } } } }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CollectionListQueryVariables = AdminTypes.Exact<{
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CollectionListQuery = { collections: { nodes: Array<(
      Pick<AdminTypes.Collection, 'id' | 'title'>
      & { productsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>> }
    )> } };

export type CollectionSummaryQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CollectionSummaryQuery = { collection?: AdminTypes.Maybe<(
    Pick<AdminTypes.Collection, 'id' | 'title'>
    & { productsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>> }
  )> };

export type CollectionProductsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CollectionProductsQuery = { collection?: AdminTypes.Maybe<(
    Pick<AdminTypes.Collection, 'title'>
    & { products: { nodes: Array<(
        Pick<AdminTypes.Product, 'id' | 'title'>
        & { featuredMedia?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }>, variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'sku'>> } }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type FirstProductImagesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type FirstProductImagesQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { media: { nodes: Array<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> } }
  )>> };

export type ProductListQueryVariables = AdminTypes.Exact<{
  first?: AdminTypes.InputMaybe<AdminTypes.Scalars['Int']['input']>;
  last?: AdminTypes.InputMaybe<AdminTypes.Scalars['Int']['input']>;
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  before?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ProductListQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title'>
      & { featuredMedia?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }>, variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'sku'>> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor'> } };

export type ChosenProductsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ChosenProductsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title'>
    & { featuredMedia?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }>, variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'sku'>> } }
  )>> };

export type ProductForVideoQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductForVideoQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title'>
    & { featuredMedia?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }>, variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'sku'>> }, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'mediaContentType'> | (
        Pick<AdminTypes.MediaImage, 'id' | 'mediaContentType'>
        & { image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }
      ) | Pick<AdminTypes.Model3d, 'id' | 'mediaContentType'> | Pick<AdminTypes.Video, 'filename' | 'id' | 'mediaContentType'>> } }
  )> };

export type VariantsBySkuQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type VariantsBySkuQuery = { productVariants: { nodes: Array<(
      Pick<AdminTypes.ProductVariant, 'id' | 'sku'>
      & { product: Pick<AdminTypes.Product, 'id' | 'title'> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type StorePlanQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type StorePlanQuery = { shop: { plan: Pick<AdminTypes.ShopPlan, 'publicDisplayName' | 'shopifyPlus' | 'partnerDevelopment'> } };

export type StoreHostedMediaQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type StoreHostedMediaQuery = { files: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.GenericFile, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.Video, 'id'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type AttachProductVideoMutationVariables = AdminTypes.Exact<{
  productId: AdminTypes.Scalars['ID']['input'];
  media: Array<AdminTypes.CreateMediaInput> | AdminTypes.CreateMediaInput;
}>;


export type AttachProductVideoMutation = { productCreateMedia?: AdminTypes.Maybe<{ media?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id' | 'status' | 'mediaContentType' | 'alt'> | Pick<AdminTypes.MediaImage, 'id' | 'status' | 'mediaContentType' | 'alt'> | Pick<AdminTypes.Model3d, 'id' | 'status' | 'mediaContentType' | 'alt'> | Pick<AdminTypes.Video, 'filename' | 'id' | 'status' | 'mediaContentType' | 'alt'>>>, mediaUserErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type ProductVideosQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductVideosQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'mediaContentType' | 'status'> | Pick<AdminTypes.MediaImage, 'id' | 'mediaContentType' | 'status'> | Pick<AdminTypes.Model3d, 'id' | 'mediaContentType' | 'status'> | Pick<AdminTypes.Video, 'filename' | 'id' | 'mediaContentType' | 'status'>> } }
  )> };

export type StagedUploadsCreateMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type StagedUploadsCreateMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type ProductMediaStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductMediaStatusQuery = { node?: AdminTypes.Maybe<(
    Pick<AdminTypes.ExternalVideo, 'id' | 'status' | 'alt' | 'mediaContentType'>
    & { mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>>, preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
  ) | (
    Pick<AdminTypes.MediaImage, 'id' | 'status' | 'alt' | 'mediaContentType'>
    & { mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>>, preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
  ) | (
    Pick<AdminTypes.Model3d, 'id' | 'status' | 'alt' | 'mediaContentType'>
    & { mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>>, preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
  ) | (
    Pick<AdminTypes.Video, 'id' | 'status' | 'alt' | 'mediaContentType'>
    & { mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'details' | 'message'>>, preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }>, sources: Array<Pick<AdminTypes.VideoSource, 'url' | 'mimeType'>> }
  )> };

export type RemoveFromProductMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileUpdateInput> | AdminTypes.FileUpdateInput;
}>;


export type RemoveFromProductMutation = { fileUpdate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.GenericFile, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.Video, 'id'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type DeleteFilesMutationVariables = AdminTypes.Exact<{
  fileIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type DeleteFilesMutation = { fileDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.FileDeletePayload, 'deletedFileIds'>
    & { userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }
  )> };

export type ProductReorderMediaMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  moves: Array<AdminTypes.MoveInput> | AdminTypes.MoveInput;
}>;


export type ProductReorderMediaMutation = { productReorderMedia?: AdminTypes.Maybe<{ job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id'>>, mediaUserErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type ShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopInfoQuery = { shop: Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode'> };

interface GeneratedQueryTypes {
  "\n  #graphql\n  query ShopTimeZone {\n    shop {\n      ianaTimezone\n    }\n  }\n": {return: ShopTimeZoneQuery, variables: ShopTimeZoneQueryVariables},
  "\n  #graphql\n  query CatalogMotionActiveSubscriptions {\n    currentAppInstallation {\n      activeSubscriptions {\n        id\n        name\n        status\n        test\n        currentPeriodEnd\n        lineItems {\n          id\n          plan {\n            pricingDetails {\n              ... on AppUsagePricing {\n                balanceUsed {\n                  amount\n                  currencyCode\n                }\n                cappedAmount {\n                  amount\n                  currencyCode\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: CatalogMotionActiveSubscriptionsQuery, variables: CatalogMotionActiveSubscriptionsQueryVariables},
  "#graphql\n  query CollectionList($query: String) {\n    collections(first: 50, query: $query, sortKey: TITLE) {\n      nodes { id title productsCount { count } }\n    }\n  }\n": {return: CollectionListQuery, variables: CollectionListQueryVariables},
  "#graphql\n  query CollectionSummary($id: ID!) {\n    collection(id: $id) {\n      id\n      title\n      productsCount { count precision }\n    }\n  }\n": {return: CollectionSummaryQuery, variables: CollectionSummaryQueryVariables},
  "#graphql\n  query CollectionProducts($id: ID!, $first: Int!, $after: String) {\n    collection(id: $id) {\n      title\n      products(first: $first, after: $after) {\n        nodes { id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: CollectionProductsQuery, variables: CollectionProductsQueryVariables},
  "\n  #graphql\n  query FirstProductImages($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product {\n        id\n        media(first: 1, query: \"media_type:IMAGE\") {\n          nodes {\n            ... on MediaImage {\n              image {\n                url\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: FirstProductImagesQuery, variables: FirstProductImagesQueryVariables},
  "#graphql\n  query ProductList($first: Int, $last: Int, $after: String, $before: String, $query: String) {\n    products(first: $first, last: $last, after: $after, before: $before, query: $query, sortKey: TITLE) {\n      nodes { id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": {return: ProductListQuery, variables: ProductListQueryVariables},
  "#graphql\n  query ChosenProducts($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product { id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } } }\n    }\n  }\n": {return: ChosenProductsQuery, variables: ChosenProductsQueryVariables},
  "#graphql\n  query ProductForVideo($id: ID!) {\n    product(id: $id) {\n      id\n      title\n      featuredMedia { ... on MediaImage { image { url } } }\n      variants(first: 1) { nodes { id sku } }\n      media(first: 50) {\n        nodes {\n          id\n          mediaContentType\n          ... on MediaImage { image { url } }\n          ... on Video { filename }\n        }\n      }\n    }\n  }\n": {return: ProductForVideoQuery, variables: ProductForVideoQueryVariables},
  "#graphql\n  query VariantsBySku($query: String!, $after: String) {\n    productVariants(first: 250, after: $after, query: $query) {\n      nodes { id sku product { id title } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: VariantsBySkuQuery, variables: VariantsBySkuQueryVariables},
  "\n  #graphql\n  query StorePlan {\n    shop {\n      plan {\n        publicDisplayName\n        shopifyPlus\n        partnerDevelopment\n      }\n    }\n  }\n": {return: StorePlanQuery, variables: StorePlanQueryVariables},
  "\n  #graphql\n  query StoreHostedMedia($query: String!, $after: String) {\n    files(first: 250, after: $after, query: $query) {\n      nodes {\n        id\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: StoreHostedMediaQuery, variables: StoreHostedMediaQueryVariables},
  "\n  #graphql\n  query ProductVideos($id: ID!) {\n    product(id: $id) {\n      id\n      media(first: 50, query: \"media_type:VIDEO\") {\n        nodes {\n          id\n          mediaContentType\n          status\n          ... on Video {\n            filename\n          }\n        }\n      }\n    }\n  }\n": {return: ProductVideosQuery, variables: ProductVideosQueryVariables},
  "\n  #graphql\n  query ProductMediaStatus($id: ID!) {\n    node(id: $id) {\n      ... on Media {\n        id\n        status\n        alt\n        mediaContentType\n        mediaErrors {\n          code\n          details\n          message\n        }\n        preview {\n          image {\n            url\n          }\n        }\n      }\n      ... on Video {\n        sources {\n          url\n          mimeType\n        }\n      }\n    }\n  }\n": {return: ProductMediaStatusQuery, variables: ProductMediaStatusQueryVariables},
  "\n  #graphql\n  query ShopInfo {\n    shop {\n      name\n      myshopifyDomain\n      currencyCode\n    }\n  }\n": {return: ShopInfoQuery, variables: ShopInfoQueryVariables},
}

interface GeneratedMutationTypes {
  "\n  #graphql\n  mutation CatalogMotionRecordClipCharge(\n    $subscriptionLineItemId: ID!\n    $price: MoneyInput!\n    $description: String!\n    $idempotencyKey: String!\n  ) {\n    appUsageRecordCreate(\n      subscriptionLineItemId: $subscriptionLineItemId\n      price: $price\n      description: $description\n      idempotencyKey: $idempotencyKey\n    ) {\n      appUsageRecord {\n        id\n        idempotencyKey\n        price {\n          amount\n          currencyCode\n        }\n        subscriptionLineItem {\n          plan {\n            pricingDetails {\n              ... on AppUsagePricing {\n                balanceUsed {\n                  amount\n                  currencyCode\n                }\n                cappedAmount {\n                  amount\n                  currencyCode\n                }\n              }\n            }\n          }\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CatalogMotionRecordClipChargeMutation, variables: CatalogMotionRecordClipChargeMutationVariables},
  "\n  #graphql\n  mutation AttachProductVideo($productId: ID!, $media: [CreateMediaInput!]!) {\n    productCreateMedia(productId: $productId, media: $media) {\n      media {\n        id\n        status\n        mediaContentType\n        alt\n        ... on Video {\n          filename\n        }\n      }\n      mediaUserErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: AttachProductVideoMutation, variables: AttachProductVideoMutationVariables},
  "\n  #graphql\n  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets {\n        url\n        resourceUrl\n        parameters {\n          name\n          value\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: StagedUploadsCreateMutation, variables: StagedUploadsCreateMutationVariables},
  "\n  #graphql\n  mutation RemoveFromProduct($files: [FileUpdateInput!]!) {\n    fileUpdate(files: $files) {\n      files {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: RemoveFromProductMutation, variables: RemoveFromProductMutationVariables},
  "\n  #graphql\n  mutation DeleteFiles($fileIds: [ID!]!) {\n    fileDelete(fileIds: $fileIds) {\n      deletedFileIds\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: DeleteFilesMutation, variables: DeleteFilesMutationVariables},
  "\n  #graphql\n  mutation ProductReorderMedia($id: ID!, $moves: [MoveInput!]!) {\n    productReorderMedia(id: $id, moves: $moves) {\n      job {\n        id\n      }\n      mediaUserErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: ProductReorderMediaMutation, variables: ProductReorderMediaMutationVariables},
}
declare module '../admin-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
