import { applyDecorators, Body, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import {
  ROUTED_STEPS,
  stepDefinition,
  stepRouteRoles,
  type StepName,
  type StepPayload,
  type StepTarget,
} from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { StepUpdateId } from '../common/step-identity';
import { TakesStep } from '../common/taken-step';
import { ZodPipe } from '../common/zod-validation';
import { documentStep } from './step.docs';

/** In a step's path, the number of the evaluation it answers (StepTarget.evaluation). */
const EVALUATION_PARAM = 'n';

/** A step's route under the journeys controller (`v1/journeys`). */
export function stepRoutePath(step: StepName): string {
  const { path } = stepDefinition(step);
  if (path === null) throw new Error(`${step} has no route`);
  return `:id/${path}`;
}

/**
 * Every method decorator of a step's route, in one place: method and path, status, role guard,
 * its documentation (request body from the schema that validates it, answers), and the mark the metrics count by.
 */
export function stepRouteDecorators(step: StepName): MethodDecorator {
  return applyDecorators(
    Post(stepRoutePath(step)),
    HttpCode(200),
    Roles(...stepRouteRoles(step)),
    documentStep(step) as MethodDecorator,
    TakesStep(step, 'api'),
  );
}

/** The handler of a step's route, named as the step in camel case; it is the OpenAPI operation id. */
export function stepHandlerName(step: StepName): string {
  return step.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The controller every step route of the table lands in. */
export interface StepTaker {
  takeStep<S extends StepName>(
    step: S,
    principal: PrincipalEntity,
    id: string,
    payload: StepPayload<S>,
    target: StepTarget,
    updateId: string | undefined,
  ): Promise<unknown>;
}

type StepHandler = (this: StepTaker, ...args: never[]) => Promise<unknown>;

/**
 * Gives the controller one route handler per step of the table that has a path, each decorated by
 * `stepRouteDecorators`. Its parameters are bound here as a hand-written handler's would be: the
 * principal, the journey id, the evaluation number (404 when not a number), the body through the
 * step's schema (400 naming each field), and the Update id the idempotency interceptor assigned.
 */
export function StepRoutes(): ClassDecorator {
  return (controller) => {
    for (const step of ROUTED_STEPS) defineStepRoute(controller.prototype as object, step);
  };
}

function defineStepRoute(prototype: object, step: StepName): void {
  const name = stepHandlerName(step);
  const takesEvaluation = stepRoutePath(step).split('/').includes(`:${EVALUATION_PARAM}`);
  const handler: StepHandler = takesEvaluation
    ? function (p: PrincipalEntity, id: string, n: number, body: never, updateId: string | undefined) {
        return this.takeStep(step, p, id, body, { evaluation: n }, updateId);
      }
    : function (p: PrincipalEntity, id: string, body: never, updateId: string | undefined) {
        return this.takeStep(step, p, id, body, {}, updateId);
      };
  // Nest and the OpenAPI explorer read a handler's metadata by its name as well as its key.
  Object.defineProperty(handler, 'name', { value: name });
  Object.defineProperty(prototype, name, { value: handler, writable: true, configurable: true });

  const evaluation: [ParameterDecorator, unknown][] = takesEvaluation
    ? [[Param(EVALUATION_PARAM, new ParseIntPipe({ errorHttpStatusCode: 404 })), Number]]
    : [];
  const params: [ParameterDecorator, unknown][] = [
    [CurrentPrincipal(), Object],
    [Param('id'), String],
    ...evaluation,
    [Body(new ZodPipe(stepDefinition(step).schema)), Object],
    [StepUpdateId(), String],
  ];
  // As TypeScript applies parameter decorators, last first: the document lists them in this order.
  for (let i = params.length - 1; i >= 0; i--) params[i][0](prototype, name, i);
  Reflect.defineMetadata(
    'design:paramtypes',
    params.map(([, type]) => type),
    prototype,
    name,
  );
  stepRouteDecorators(step)(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
}
