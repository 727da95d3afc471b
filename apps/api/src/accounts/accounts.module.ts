import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { Mailer, TemplateRenderer } from '@uplift/notifications';
import { EMAIL_LOG, PersistenceModule, type EmailLog } from '@uplift/persistence';
import { SESSION_LOOKUP } from '../common/principal-lookup';
import { ACCOUNT_MAIL, SmtpAccountMail } from './account-mail';
import { AccountsService } from './accounts.service';
import { InvitationsController } from './invitations.controller';
import { PasswordResetsController } from './password-resets.controller';
import { SessionsController } from './sessions.controller';

const MAILER = Symbol('AccountsMailer');

/**
 * People's accounts: invitations, password resets, sign-in and sessions. Exports the session lookup
 * the global AuthGuard and the onRequest hook use for the console's cookie.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [InvitationsController, PasswordResetsController, SessionsController],
  providers: [
    AccountsService,
    { provide: SESSION_LOOKUP, useExisting: AccountsService },
    {
      provide: MAILER,
      inject: [CONFIG],
      useFactory: (config: UpliftConfig) => new Mailer(config.SMTP_URL, config.MAIL_FROM),
    },
    {
      provide: ACCOUNT_MAIL,
      inject: [MAILER, EMAIL_LOG],
      useFactory: (mailer: Mailer, log: EmailLog) => new SmtpAccountMail(new TemplateRenderer(), mailer, log),
    },
  ],
  exports: [SESSION_LOOKUP],
})
export class AccountsModule implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
