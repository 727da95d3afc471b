import { DefaultFailureConverter } from '@temporalio/common';

/**
 * A failure's message and stack trace may quote an enterprise's name or an email address (an SMTP
 * refusal names its recipient): they go into an encoded payload, which the payload codec encrypts,
 * and the history keeps only "Encoded failure". Loaded by path (`failureConverterPath`), also inside
 * the workflow sandbox, so this module imports nothing but the SDK's common package.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
