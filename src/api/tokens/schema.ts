// The request schemas of src/api/tokens: a new token, and the token id in the path.
import { z } from 'zod';
import { UserNameSchema } from '../../model/index.js';

export const NewTokenSchema = z.object({ user: UserNameSchema, label: z.string().max(200).default('') });
export const tokenParams = z.object({ id: z.string().min(1).max(64) });
