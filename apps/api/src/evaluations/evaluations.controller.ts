import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { evaluationSchema, type EvaluationInput, LinkUnusableError } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { CurrentPrincipal, Public, Roles } from '../common/auth.decorators';
import { TakesStep } from '../common/taken-step';
import { ApiContract } from '../common/api-contract';
import { ZodPipe } from '../common/zod-validation';
import { evaluationPageQuerySchema, evaluationResultSchema, evaluationTokenParams } from './evaluation.view';
import { FORM_SCRIPT, renderForm, renderMessage, type PageLocale } from './evaluation-page';
import { EvaluationsService } from './evaluations.service';
import { EvaluationLinkReissue } from './evaluation-link-reissue';

const reissueParams = z.object({
  id: z.string().max(100).meta({
    description: '`journey-<round id>-<USCC>`',
    example: 'journey-0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d-91330106MA2B3C4D5X',
  }),
  n: z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .meta({ description: 'Which follow-up evaluation, from 1; any other number is a 404.' }),
});

/** The link is the credential: no referrer may carry it off, no cache may keep the page. */
function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .header('X-Robots-Tag', 'noindex')
    .header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
}

/** The enterprise's side: no account, only the emailed one-time link. */
@ApiTags('evaluations')
@Controller()
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly reissue: EvaluationLinkReissue,
  ) {}

  @Post('v1/journeys/:id/evaluations/:n/link')
  @Roles('admin', 'regulator', 'certification_body')
  @HttpCode(202)
  @ApiContract({
    summary: 'Send the enterprise a new evaluation link',
    description:
      'For an enterprise that lost its email or let the link expire: the links sent before for this evaluation stop working, and a new one goes to the enterprise in the evaluation request email. For an admin, the certification body assigned to the journey, a regulator whose division covers it; any other journey is a 404, as one that does not exist. Only an evaluation that is due and not yet answered has a link (409 otherwise, naming the stage).',
    params: reissueParams,
    ok: { description: 'The new link is on its way.', schema: z.object({ sent: z.literal(true) }) },
    errors: {
      404: 'journey not found',
      409: 'no link to send: evaluation 1 is already answered (current stage: follow_up)',
      503: 'the database is unavailable; try again shortly',
    },
  })
  async reissueLink(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 404 })) n: number,
  ) {
    await this.reissue.reissue(p, id, n);
    return { sent: true as const };
  }

  @Get('evaluate/:token')
  @Public()
  @ApiContract({
    summary: 'The evaluation form',
    description:
      "The page the emailed link opens: the enterprise's follow-up evaluation form, in Chinese or (`?lang=en`) English. The token in the path is the credential; the page sends no referrer and is never cached.",
    params: evaluationTokenParams,
    query: evaluationPageQuerySchema,
    ok: { description: 'The form.', content: { 'text/html': { schema: z.string().max(100_000) } } },
    errors: {
      404: {
        description: 'A link never issued: a page that says so.',
        schema: z.string().max(100_000),
        mediaType: 'text/html',
      },
      410: {
        description: 'A link used, expired or for a closed evaluation: a page that says so.',
        schema: z.string().max(100_000),
        mediaType: 'text/html',
      },
      503: 'the database is unavailable; try again shortly',
    },
    raw: true,
  })
  async page(
    @Param('token') token: string,
    @Query('lang') lang: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const locale: PageLocale = lang === 'en' ? 'en' : 'zh-CN';
    pageHeaders(reply).type('text/html; charset=utf-8');
    try {
      const ctx = await this.evaluations.context(token);
      return reply.status(200).send(renderForm(ctx, locale));
    } catch (err) {
      if (!(err instanceof LinkUnusableError)) throw err;
      const status = { used: 410, expired: 410, closed: 410, unknown: 404 }[err.problem];
      return reply.status(status).send(renderMessage(err.problem, locale));
    }
  }

  @Get('evaluate-assets/form.js')
  @Public()
  @ApiContract({
    summary: "The evaluation form's script",
    description:
      'Submits the form as JSON to POST /v1/evaluations/{token}; served from here so the page allows no other script.',
    ok: { description: 'The script.', content: { 'text/javascript': { schema: z.string().max(100_000) } } },
    raw: true,
  })
  script(@Res() reply: FastifyReply) {
    return reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300')
      .send(FORM_SCRIPT);
  }

  /** 200 once; then 409 for a used link, 410 for an expired one or a closed evaluation, 404 for one never issued. */
  @Post('v1/evaluations/:token')
  @Public()
  @HttpCode(200)
  @ApiContract({
    summary: 'Submit an evaluation through its link',
    description:
      "The enterprise's answer to a follow-up evaluation, through the token its email carries (the token is the credential, once). 200 once; then 409 for a used link, 410 for an expired one or a closed evaluation, 404 for one never issued.",
    params: evaluationTokenParams,
    body: evaluationSchema,
    ok: { description: 'The evaluation was recorded.', schema: evaluationResultSchema },
    errors: {
      400: 'invalid body',
      404: 'evaluation link not found',
      409: 'this evaluation link has already been used',
      410: 'this evaluation link has expired',
      503: 'the temporal is unavailable; try again shortly',
    },
  })
  @TakesStep('evaluation', 'link')
  async submit(@Param('token') token: string, @Body(new ZodPipe(evaluationSchema)) body: EvaluationInput) {
    return this.evaluations.submit(token, body);
  }
}
