import { z } from 'zod';

export const PingSchema = z
  .object({
    working: z.literal(true).describe('Always true on 200: the credential works and may provision users.'),
    user: z
      .object({
        id: z.string().describe('Rally ObjectID of the connection’s account.'),
        userName: z.string().describe('Rally username of the connection’s account.'),
        displayName: z.string().nullable().describe('Display name of the connection’s account.'),
      })
      .describe('The Rally account the connection uses.'),
    subscription: z
      .object({
        id: z.string().describe('Rally ObjectID of the subscription.'),
        name: z.string().describe('Name of the subscription.'),
      })
      .describe('The Rally subscription the account belongs to.'),
    canProvision: z.literal(true).describe('The account may create and update users.'),
  })
  .meta({ id: 'Ping' });

export const UserAttributeSchema = z
  .object({
    name: z.string().describe('Field name on this API (as in the User object).'),
    rallyName: z
      .string()
      .nullable()
      .describe('Rally’s attribute ElementName; null for fields Rally does not name.'),
    label: z.string().describe('Human-readable name.'),
    type: z.enum(['string', 'boolean']).describe('JSON type of the value.'),
    writable: z.boolean().describe('Whether Create User / Update User may set it.'),
    required: z.boolean().describe('Whether Create User requires it.'),
    allowedValues: z
      .array(z.string())
      .nullable()
      .describe('For Rally dropdown fields, the subscription’s allowed values; otherwise null.'),
  })
  .meta({ id: 'UserAttribute' });

export const UserSchemaDoc = z
  .object({
    attributes: z.array(UserAttributeSchema).describe('Every field of the User object.'),
  })
  .meta({ id: 'UserSchema' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable SCREAMING_SNAKE code; see docs/errors.md.'),
      message: z.string().describe('What went wrong and how to fix it.'),
      status: z.number().int().describe('The HTTP status, repeated.'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Specifics: bad fields, allowed values, Rally’s own messages (rallyMessages).'),
      existingId: z.string().optional().describe('USER_EXISTS only: id of the user that has the userName.'),
    }),
  })
  .meta({ id: 'Error' });
