// CSV image_url is sent to the video provider, which fetches it, and shown to
// the merchant as an image. Probed with internal addresses: each row is
// skipped with a reason the agency can act on, and the good rows go ahead.
import { describe, expect, it } from "vitest";
import { parseManifest } from "~/manifests/manifest-csv.server";

const HEADER = "sku,image_url,video_prompt,collection,target_surface";

async function problemsFor(imageUrls: string[]) {
  const csv = [
    HEADER,
    "GOOD-1,https://cdn.example.com/catalog/mug-hero.jpg,,,",
    ...imageUrls.map((url, i) => `BAD-${i + 1},"${url}",,,`),
  ].join("\n");
  const parsed = await parseManifest(csv);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed;
}

describe("CSV image_url pointing inside a network", () => {
  it.each([
    ["Redis on loopback", "http://127.0.0.1:6379/", "image_url must start with https://"],
    ["cloud metadata over http", "http://169.254.169.254/latest/meta-data/", "image_url must start with https://"],
    ["decimal loopback over http", "http://2130706433/", "image_url must start with https://"],
    ["cloud metadata over https", "https://169.254.169.254/latest/meta-data/", "image_url names an IP address (169.254.169.254)"],
    ["decimal loopback", "https://2130706433/", "image_url names an IP address (127.0.0.1)"],
    ["hex loopback", "https://0x7f.1/a.jpg", "image_url names an IP address (127.0.0.1)"],
    ["private address", "https://10.0.0.7/a.jpg", "image_url names an IP address (10.0.0.7)"],
    ["a public IP literal", "https://93.184.216.34/a.jpg", "image_url names an IP address (93.184.216.34)"],
    ["IPv6 loopback", "https://[::1]/a.jpg", "image_url names an IP address ([::1])"],
    ["IPv4-mapped IPv6", "https://[::ffff:127.0.0.1]/a.jpg", "image_url names an IP address ([::ffff:7f00:1])"],
    ["localhost", "https://localhost/a.jpg", "image_url names a private network host (localhost)"],
    ["a localhost subdomain", "https://images.localhost/a.jpg", "image_url names a private network host (images.localhost)"],
    ["mDNS name", "https://nas.local/a.jpg", "image_url names a private network host (nas.local)"],
    ["internal name", "https://assets.internal/a.jpg", "image_url names a private network host (assets.internal)"],
    ["home network name", "https://nas.home.arpa/a.jpg", "image_url names a private network host (nas.home.arpa)"],
    ["credentials", "https://agency:s3cret@cdn.example.com/a.jpg", "image_url contains a user name or password"],
    ["a user name alone", "https://agency@cdn.example.com/a.jpg", "image_url contains a user name or password"],
  ])("skips %s with a clear reason", async (_name, url, reason) => {
    const { rows, problems } = await problemsFor([url]);
    expect(rows.map((r) => r.sku)).toEqual(["GOOD-1"]);
    expect(problems).toEqual([{ line: 3, sku: "BAD-1", reason: expect.stringContaining(reason) }]);
  });

  it("skips every bad row of one file and keeps the good ones, in file order", async () => {
    const { rows, problems } = await problemsFor(["http://127.0.0.1:6379/", "https://cdn.example.com/ok.jpg", "https://[fd00::1]/a.jpg"]);
    expect(rows.map((r) => [r.line, r.sku, r.imageUrl])).toEqual([
      [2, "GOOD-1", "https://cdn.example.com/catalog/mug-hero.jpg"],
      [4, "BAD-2", "https://cdn.example.com/ok.jpg"],
    ]);
    expect(problems.map((p) => [p.line, p.sku])).toEqual([
      [3, "BAD-1"],
      [5, "BAD-3"],
    ]);
  });
});
