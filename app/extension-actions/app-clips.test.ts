// What the extension answers say about a product's media: the clips the
// publisher attached are known by their uploaded filename. (The documents the
// extension endpoints send are the catalog's, checked in app/catalog.)
import { describe, expect, it } from "vitest";
import { altTextFor, clipFilenameFor, isAppClipFilename } from "~/publishing/attach-media.server";

describe("the clips of this app on a product", () => {
  it("are recognised by their uploaded filename, and alt text is left to shoppers", () => {
    expect(isAppClipFilename(clipFilenameFor("job-1"))).toBe(true);
    expect(isAppClipFilename("summer-lookbook.mp4")).toBe(false);
    expect(altTextFor("Ceramic mug", { aiGenerated: true })).toBe("AI-generated video of Ceramic mug");
    expect(altTextFor("Ceramic mug", { aiGenerated: false })).not.toMatch(/job-1|AI/);
  });
});
