// The fixed theme taxonomy of extraction.md §2 and the posture labels.
import { z } from 'zod';

export const themes = [
  'security',
  'extremism',
  'narcotics',
  'governance',
  'humanitarian',
  'trade',
  'transport',
  'energy',
  'water',
  'migration',
  'diplomacy',
] as const;
export const ThemeSchema = z.enum(themes);
export type Theme = z.infer<typeof ThemeSchema>;

/** Stance of an actor toward the focus country's government, from hostile to recognising. */
export const postureLabels = [
  'hostile',
  'wary',
  'arms-length',
  'pragmatic',
  'engaged',
  'supportive',
  'unclear',
] as const;
export const PostureLabelSchema = z.enum(postureLabels);
export type PostureLabel = z.infer<typeof PostureLabelSchema>;
