import type { StepRefusal } from './steps';
import { englishMessage, type FieldError, type MessageCode, type MessageParams } from './messages';

/**
 * An error that says which rule of the message catalog it is, so the API can tell it in the caller's
 * language (`message` stays English). Any error may carry these.
 */
export interface CodedMessage {
  code: MessageCode;
  params?: MessageParams;
}

/** A step the journey's workflow refused before recording anything. */
export class StepRefusedError extends Error {
  constructor(readonly refusal: StepRefusal) {
    super(refusal.message);
    this.name = 'StepRefusedError';
  }
}

/** Input that fails validation; `details` names each field. */
export class InvalidInputError extends Error {
  constructor(
    readonly details: FieldError[],
    message = 'validation failed',
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** A body in a media type or charset the route does not read; `details` names the header. */
export class UnsupportedMediaTypeError extends Error {
  constructor(
    message: string,
    readonly details: FieldError[],
  ) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Unknown, or out of the caller's scope: the two must be indistinguishable. */
export class NotFoundError extends Error {
  constructor(readonly what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** The caller's role may not do this at all. */
export class ForbiddenError extends Error {
  constructor(
    message: string,
    readonly coded?: CodedMessage,
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }

  /** Refused by the rule `code`, its English message from the catalog. */
  static of(code: MessageCode, params?: MessageParams): ForbiddenError {
    return new ForbiddenError(englishMessage(code, params), { code, params });
  }
}

/** The action conflicts with the current state of a round or journey. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly coded?: CodedMessage,
  ) {
    super(message);
    this.name = 'ConflictError';
  }

  /** Refused by the rule `code`, its English message from the catalog. */
  static of(code: MessageCode, params?: MessageParams): ConflictError {
    return new ConflictError(englishMessage(code, params), { code, params });
  }
}

/** An evaluation link that cannot be used: used or expired (gone for good), or never issued. */
export class LinkUnusableError extends Error {
  constructor(readonly problem: 'used' | 'expired' | 'closed' | 'unknown') {
    super(
      problem === 'used'
        ? 'this evaluation link has already been used'
        : problem === 'expired'
          ? 'this evaluation link has expired'
          : problem === 'closed'
            ? 'this evaluation is closed: the journey has ended or the evaluation was answered'
            : 'evaluation link not found',
    );
    this.name = 'LinkUnusableError';
  }
}
