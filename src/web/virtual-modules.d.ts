// Types of the build-time virtual modules declared in vite.config.ts.
declare module 'virtual:iso-numeric' {
  /** ISO 3166-1 alpha-3 → numeric code as a zero-padded string ("KAZ" → "398"). */
  const isoNumeric: Record<string, string>;
  export default isoNumeric;
}
