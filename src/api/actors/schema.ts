// The request schemas of src/api/actors beyond the model's: the actor in the path (its id, name
// or ISO code).
import { z } from 'zod';

export const actorParams = z.object({ id: z.string().min(1).max(200) });
