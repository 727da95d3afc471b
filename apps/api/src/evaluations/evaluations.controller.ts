import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { evaluationSchema, type EvaluationInput, LinkUnusableError } from '@uplift/domain';
import { Public } from '../common/auth.decorators';
import { TakesStep } from '../common/taken-step';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { FORM_SCRIPT, renderForm, renderMessage, type PageLocale } from './evaluation-page';
import { EvaluationsService } from './evaluations.service';

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
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get('evaluate/:token')
  @Public()
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
  @ApiZodBody(evaluationSchema)
  @TakesStep('evaluation', 'link')
  async submit(@Param('token') token: string, @Body(new ZodPipe(evaluationSchema)) body: EvaluationInput) {
    return this.evaluations.submit(token, body);
  }
}
