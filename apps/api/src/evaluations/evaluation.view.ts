import { z } from 'zod';
import { STAGES } from '@uplift/domain';

/** The link's token: the only credential an enterprise has, so it is described, never logged. */
export const evaluationTokenParams = z.object({
  token: z.string().max(100).meta({
    description: 'The one-time token of the emailed link (32 random bytes, base64url).',
    example: 'q3Zs0m8yYV1cX2b7dE4fG5hI6jK7lM8nO9pQ0rS1tU2',
  }),
});

/** Documents `lang`; the page reads it as given, anything but `en` answering Chinese. */
export const evaluationPageQuerySchema = z.object({
  lang: z
    .enum(['en', 'zh-CN'])
    .optional()
    .meta({ description: 'The language of the page; Chinese by default.' }),
});

export const evaluationResultSchema = z.object({
  journeyId: z.string().max(100),
  evaluation: z.number().int().min(1).max(12),
  // The service types it as text; what it carries is always a stage.
  stage: z
    .string()
    .max(20)
    .meta({ enum: [...STAGES], description: 'The stage the journey is in after the answer.' }),
});
