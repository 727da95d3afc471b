import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { ApiContract } from '../common/api-contract';
import { annotateAccountAction } from '../common/audit';
import { Public, type AuthenticatedRequest } from '../common/auth.decorators';
import { CROSS_ORIGIN, fromOwnOrigin } from '../common/auth.guard';
import { ZodPipe } from '../common/zod-validation';
import {
  principalAnswerSchema,
  preferencesSchema,
  signInSchema,
  type Preferences,
  type SignIn,
} from './accounts.dto';
import { AccountsService, SignInRefused, SIGN_IN_FAILED } from './accounts.service';
import { accountPrincipalView } from './account-view';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

type Request = FastifyRequest & AuthenticatedRequest;

const setCookie = z.string().max(500).meta({
  description:
    'The session cookie `uplift_session`: HttpOnly, SameSite=Strict, Path=/, Secure when PUBLIC_BASE_URL is https.',
});

@ApiTags('sessions')
@Controller('v1/sessions')
export class SessionsController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(CONFIG) private readonly config: UpliftConfig,
  ) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiContract({
    summary: 'Sign in',
    description:
      'A person signs in with email and password and gets a session cookie; every /v1 route then accepts it instead of an API key. A wrong password and an unknown email get the same 401. An account locks for 15 minutes after 10 failed sign-ins in a row (429 with Retry-After, whatever the password); a client address may try a limited number of times in 15 minutes (429). A request with an `Origin` of another site is refused (403). The session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after sign-in.',
    body: signInSchema,
    ok: {
      description: 'Signed in: the principal, and the session cookie.',
      schema: principalAnswerSchema,
      headers: { 'Set-Cookie': setCookie },
    },
    errors: {
      401: SIGN_IN_FAILED,
      403: CROSS_ORIGIN,
      429: '账户已锁定，请 15 分钟后再试 (account locked after too many failed sign-ins; try again in 15 minutes)',
    },
  })
  async signIn(
    @Body(new ZodPipe(signInSchema)) body: SignIn,
    @Req() request: Request,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (request.headers.origin !== undefined && !fromOwnOrigin(request, this.config.PUBLIC_BASE_URL))
      throw new ForbiddenException(CROSS_ORIGIN);
    const agent = request.headers['user-agent'];
    try {
      const session = await this.accounts.signIn(
        body.email,
        body.password,
        { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null },
        (event) => annotateAccountAction(request, event.action, event),
      );
      void reply.header('set-cookie', sessionCookie(session.token, this.accounts.maxMs / 1000, this.config));
      void reply.header('cache-control', 'no-store');
      const name = await this.accounts.certificationBodyName(session.principal);
      return { principal: accountPrincipalView(session.principal, name) };
    } catch (err) {
      if (err instanceof SignInRefused && err.retryAfterSeconds !== undefined)
        void reply.header('retry-after', err.retryAfterSeconds);
      throw err;
    }
  }

  @Get('current')
  @ApiContract({
    summary: 'Who is signed in',
    description: 'The principal of the session cookie (or of the API key).',
    ok: { description: 'The principal.', schema: principalAnswerSchema },
  })
  async current(@Req() request: Request) {
    const principal = request.principal!;
    return {
      principal: accountPrincipalView(principal, await this.accounts.certificationBodyName(principal)),
    };
  }

  @Put('current/preferences')
  @HttpCode(200)
  @ApiContract({
    summary: 'Set your own preferences',
    description:
      "The signed-in person's (or API key's) own choices. `notificationMode`: `digest` gathers reminders and escalations into one email a day, `immediate` sends each as it comes, null follows each round's `settings.digest`. The choice overrides the round's; enterprises' emails are not affected. Audited.",
    body: preferencesSchema,
    ok: { description: 'The principal, with its preferences.', schema: principalAnswerSchema },
    errors: { 400: 'invalid body', 403: CROSS_ORIGIN },
  })
  async setPreferences(@Body(new ZodPipe(preferencesSchema)) body: Preferences, @Req() request: Request) {
    const principal = await this.accounts.setNotificationMode(request.principal!, body.notificationMode);
    return {
      principal: accountPrincipalView(principal, await this.accounts.certificationBodyName(principal)),
    };
  }

  @Delete('current')
  @HttpCode(204)
  @ApiContract({
    summary: 'Sign out',
    description:
      'Ends the session of the cookie (its row is deleted, so the cookie stops working everywhere) and clears the cookie. With an API key, nothing to end.',
    ok: { description: 'Signed out.', headers: { 'Set-Cookie': setCookie } },
    errors: { 403: CROSS_ORIGIN },
  })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.accounts.signOut(request.sessionId);
    annotateAccountAction(request, 'sign_out');
    void reply.header('set-cookie', clearedSessionCookie(this.config));
  }
}
