import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, passwordSchema } from '@uplift/domain';
import { timestamp } from '../common/api-contract';
import { principalViewSchema } from '../principals/principals.dto';

export const tokenParams = z.object({
  token: z.string().max(100).meta({
    description: 'The one-time token of the emailed link (32 random bytes, base64url).',
    example: 'q3Zs0m8yYV1cX2b7dE4fG5hI6jK7lM8nO9pQ0rS1tU2',
  }),
});

/** How a person gets reminders and escalations; null follows each round's `settings.digest`. */
export const notificationModeSchema = z.enum(['digest', 'immediate']).nullable().meta({
  description:
    "`digest`: one email a day (at the round's digest time, 09:00 where the round sets none); `immediate`: each as it comes; null: as each round says.",
});

/** `PUT /v1/sessions/current/preferences`: the signed-in person's own choices. */
export const preferencesSchema = z.strictObject({ notificationMode: notificationModeSchema });
export type Preferences = z.infer<typeof preferencesSchema>;

/** The principal a person is signed in as: the principal view, with its body's name. */
export const accountPrincipalSchema = principalViewSchema
  .extend({
    certificationBodyName: z
      .string()
      .max(200)
      .nullable()
      .meta({ description: "A certification body principal's body, by name." }),
    notificationMode: notificationModeSchema,
  })
  .meta({ id: 'AccountPrincipal' });

export const principalAnswerSchema = z.object({ principal: accountPrincipalSchema }).meta({ id: 'SignedIn' });

export const invitationSentSchema = z
  .object({
    principalId: z.uuid(),
    email: z.string().max(254).meta({ format: 'email' }),
    expiresAt: timestamp,
  })
  .meta({ id: 'InvitationSent' });

export const invitationViewSchema = z
  .object({
    name: z.string().max(200),
    email: z.string().max(254).meta({ format: 'email' }),
    expiresAt: timestamp,
  })
  .meta({ id: 'Invitation' });

export const passwordResetViewSchema = z
  .object({
    email: z.string().max(254).meta({ format: 'email' }),
    expiresAt: timestamp,
  })
  .meta({ id: 'PasswordReset' });

export const setPasswordSchema = z.strictObject({ password: passwordSchema });
export type SetPassword = z.infer<typeof setPasswordSchema>;

export const signInSchema = z.strictObject({
  email: z.string().trim().min(1).max(254).meta({ format: 'email', example: 'auditor@cert.example' }),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type SignIn = z.infer<typeof signInSchema>;

export const resetRequestSchema = z.strictObject({
  email: z.string().trim().min(1).max(254).meta({ format: 'email', example: 'auditor@cert.example' }),
});
export type ResetRequest = z.infer<typeof resetRequestSchema>;

export const acceptedSchema = z.object({ message: z.string().max(500) }).meta({ id: 'ResetRequested' });
