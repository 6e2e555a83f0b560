// The one rule for a URL that came from outside (a provider's callback, a CSV
// row, a stored job) before it is kept or shown as a link, a video or an
// image: http(s) only, with a host and no credentials. zod's url() alone
// passes javascript:, data: and file:, which a browser runs or opens.
import { z } from "zod";

export function isWebAddress(value: string | null | undefined): value is string {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && url.username === "" && url.password === "";
}

/** The URL when it may be rendered as an href or src; null when nothing should be rendered. */
export function linkableUrl(value: string | null | undefined): string | null {
  return isWebAddress(value) ? value : null;
}

export const webAddressSchema = z.string().refine(isWebAddress, "must be an http(s) web address without credentials");
