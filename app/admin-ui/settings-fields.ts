// Names and limits the settings form and its validation share (no server imports).
export const MAX_CONCURRENCY_CAP = 50;

/** The form field holding the prompt template of one target surface. */
export const templateField = (surfaceId: string) => `template:${surfaceId}`;
