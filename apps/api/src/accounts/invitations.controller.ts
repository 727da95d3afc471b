import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiContract } from '../common/api-contract';
import { annotateAccountAction } from '../common/audit';
import { Public, Roles } from '../common/auth.decorators';
import { ZodPipe } from '../common/zod-validation';
import {
  invitationSentSchema,
  invitationViewSchema,
  principalAnswerSchema,
  setPasswordSchema,
  tokenParams,
  type SetPassword,
} from './accounts.dto';
import { AccountsService } from './accounts.service';
import { accountPrincipalView } from './account-view';

const principalIdParams = z.object({ id: z.uuid().meta({ description: "The principal's id." }) });

const UNKNOWN = '邀请链接无效或已使用 (this invitation link is unknown or has already been used)';
const EXPIRED =
  '邀请链接已过期，请联系管理员重新发送 (this invitation link has expired; ask an administrator to send a new one)';

@ApiTags('accounts')
@Controller('v1')
export class InvitationsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('principals/:id/invitation')
  @Roles('admin')
  @HttpCode(202)
  @ApiContract({
    summary: 'Invite a principal to set a password',
    description:
      'Emails the principal a one-time link to the console page `/console/invitation/{token}`, valid 72 hours, where the person sets a password and can then sign in (POST /v1/sessions). A new invitation replaces earlier unused ones. Only the hash of the token is stored.',
    params: principalIdParams,
    ok: { description: 'The invitation was emailed.', schema: invitationSentSchema },
    errors: {
      404: 'principal not found',
      409: 'this principal is revoked; it cannot be invited',
    },
  })
  async invite(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Req() request: object,
  ) {
    const { principal, expiresAt } = await this.accounts.invite(id);
    annotateAccountAction(request, 'invitation_sent', { details: { email: principal.email } });
    return { principalId: principal.id, email: principal.email, expiresAt };
  }

  @Get('invitations/:token')
  @Public()
  @ApiContract({
    summary: 'Read an invitation',
    description:
      'Whom an emailed invitation is for, and until when it works, for the page that sets the password.',
    params: tokenParams,
    ok: { description: 'The invitation.', schema: invitationViewSchema },
    errors: { 404: UNKNOWN, 410: EXPIRED },
  })
  async read(@Param('token') token: string) {
    const found = await this.accounts.usableToken('invitation', token);
    return { name: found.principal.name, email: found.principal.email, expiresAt: found.expiresAt };
  }

  @Post('invitations/:token')
  @Public()
  @HttpCode(200)
  @ApiContract({
    summary: 'Accept an invitation: set the password',
    description:
      'Sets the password of the invited principal (12 to 128 characters, not a common password, not containing the name of the email address) and uses the invitation up. Does not sign in: sign in with POST /v1/sessions.',
    params: tokenParams,
    body: setPasswordSchema,
    ok: { description: 'The password is set.', schema: principalAnswerSchema },
    errors: { 400: 'invalid body', 404: UNKNOWN, 410: EXPIRED },
  })
  async accept(
    @Param('token') token: string,
    @Body(new ZodPipe(setPasswordSchema)) body: SetPassword,
    @Req() request: object,
  ) {
    const principal = await this.accounts.acceptInvitation(token, body.password);
    annotateAccountAction(request, 'password_set', { principalId: principal.id });
    return {
      principal: accountPrincipalView(principal, await this.accounts.certificationBodyName(principal)),
    };
  }
}
