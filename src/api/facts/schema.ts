// The request schemas of src/api/facts beyond the model's: the fact id in the path.
import { z } from 'zod';

export const factParams = z.object({ id: z.string().min(1).max(100) });
