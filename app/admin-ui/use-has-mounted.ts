// True only after the first render in the browser. Some Polaris components
// (ResourceList) pick their layout from the window's width while rendering,
// so the server's HTML and the phone's first render differ and React throws
// a hydration error; they are shown once the page has mounted.
import { useEffect, useState } from "react";

export function useHasMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
