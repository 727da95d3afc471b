import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../common/api-contract';
import { annotateAccountAction } from '../common/audit';
import { Public } from '../common/auth.decorators';
import { ZodPipe } from '../common/zod-validation';
import {
  acceptedSchema,
  passwordResetViewSchema,
  principalAnswerSchema,
  resetRequestSchema,
  setPasswordSchema,
  tokenParams,
  type ResetRequest,
  type SetPassword,
} from './accounts.dto';
import { AccountsService } from './accounts.service';
import { accountPrincipalView } from './account-view';

const UNKNOWN = '重置密码链接无效或已使用 (this password reset link is unknown or has already been used)';
const EXPIRED = '重置密码链接已过期，请重新申请 (this password reset link has expired; ask for a new one)';
const REQUESTED =
  '如果该邮箱已开通账户，重置密码的链接已发送，1 小时内有效 (if this email has an account, a link to reset its password has been sent; it works for 1 hour)';

@ApiTags('accounts')
@Controller('v1/password-resets')
export class PasswordResetsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiContract({
    summary: 'Ask for a password reset',
    description:
      'Emails a one-time link to the console page `/console/password-reset/{token}`, valid 1 hour, to the active principal that signs in with this email. The answer is the same whether or not the email has an account.',
    body: resetRequestSchema,
    ok: { description: 'Accepted (whether or not an email was sent).', schema: acceptedSchema },
  })
  async request(@Body(new ZodPipe(resetRequestSchema)) body: ResetRequest, @Req() request: object) {
    const found = await this.accounts.requestReset(body.email);
    annotateAccountAction(request, 'password_reset_requested', {
      principalId: found?.principal.id,
      details: { email: body.email, account: found !== null },
    });
    return { message: REQUESTED };
  }

  @Get(':token')
  @Public()
  @ApiContract({
    summary: 'Read a password reset',
    description: 'Which account an emailed reset link is for, and until when it works.',
    params: tokenParams,
    ok: { description: 'The reset.', schema: passwordResetViewSchema },
    errors: { 404: UNKNOWN, 410: EXPIRED },
  })
  async read(@Param('token') token: string) {
    const found = await this.accounts.usableToken('password_reset', token);
    return { email: found.principal.email, expiresAt: found.expiresAt };
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @ApiContract({
    summary: 'Reset the password',
    description:
      'Sets a new password through the emailed link (same rules as an invitation), uses the link up and ends every session of the principal. Does not sign in.',
    params: tokenParams,
    body: setPasswordSchema,
    ok: { description: 'The password is reset.', schema: principalAnswerSchema },
    errors: { 400: 'invalid body', 404: UNKNOWN, 410: EXPIRED },
  })
  async reset(
    @Param('token') token: string,
    @Body(new ZodPipe(setPasswordSchema)) body: SetPassword,
    @Req() request: object,
  ) {
    const principal = await this.accounts.resetPassword(token, body.password);
    annotateAccountAction(request, 'password_reset', { principalId: principal.id });
    return {
      principal: accountPrincipalView(principal, await this.accounts.certificationBodyName(principal)),
    };
  }
}
