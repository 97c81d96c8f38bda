// The request schemas of src/api/entities beyond the model's: the entity in the path (its id).
import { z } from 'zod';

export const entityParams = z.object({ id: z.string().min(1).max(200) });
