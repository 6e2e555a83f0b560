import { describe, expect, it } from "vitest";
import { documentTitle } from "./document-titles";

describe("document titles", () => {
  it("name every page of the app", () => {
    expect(documentTitle("/app", null)).toBe("Home · Catalog Motion");
    expect(documentTitle("/app/review", null)).toBe("Review clips · Catalog Motion");
    expect(documentTitle("/app/batches", null)).toBe("Batches · Catalog Motion");
    expect(documentTitle("/app/batches/b-1", null)).toBe("Batch · Catalog Motion");
    expect(documentTitle("/app/jobs/j-1", null)).toBe("Video · Catalog Motion");
  });

  it("say when a page is not there or failed", () => {
    expect(documentTitle("/app/nope", null)).toBe("Page not found · Catalog Motion");
    expect(documentTitle("/app/batches/b-1", "not-found")).toBe("Page not found · Catalog Motion");
    expect(documentTitle("/app/review", "error")).toBe("Something went wrong · Catalog Motion");
  });
});
