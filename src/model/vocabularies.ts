// The model's fixed value lists without their zod schemas (document.ts, auth.ts and export.ts
// build the schemas from them), so that the CLI can offer them as option choices at start-up
// without loading zod.

/** The document formats a profile can be read from. */
export const sourceFormats = ['text', 'markdown', 'html', 'docx', 'pdf'] as const;

/** What a user may do: read, edit, or also administer accounts. */
export const roles = ['reader', 'editor', 'admin'] as const;

/** Which facts an export carries, by review status. */
export const exportStatuses = ['accepted', 'confirmed', 'all'] as const;
