// The request schemas of src/api/users: a new user, a role change, the user in the path.
import { z } from 'zod';
import { RoleSchema, UserNameSchema } from '../../model/index.js';

export const NewUserSchema = z.object({
  name: UserNameSchema,
  role: RoleSchema,
  password: z.string().min(8).max(1024),
});
export const RoleChangeSchema = z.object({ role: RoleSchema });
export const userParams = z.object({ name: UserNameSchema });
