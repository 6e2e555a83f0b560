// Polaris links and buttons with a `url` navigate through Remix, not by full page loads.
import { Link, type LinkProps } from "@remix-run/react";
import type { AppProviderProps } from "@shopify/polaris";
import { forwardRef, type ComponentProps } from "react";

type LinkLike = NonNullable<AppProviderProps["linkComponent"]>;

export const RemixPolarisLink: LinkLike = forwardRef<HTMLAnchorElement, ComponentProps<LinkLike>>(function RemixPolarisLink(
  { url, external, children, ...rest },
  ref,
) {
  const anchor = rest as Omit<LinkProps, "to">;
  if (external) {
    return (
      <a ref={ref} href={url} target="_blank" rel="noopener noreferrer" {...anchor}>
        {children}
      </a>
    );
  }
  return (
    <Link ref={ref} to={url} {...anchor}>
      {children}
    </Link>
  );
});
