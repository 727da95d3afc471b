import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { PRINCIPAL_LOOKUP } from '../common/principal-lookup';
import { PrincipalsController } from './principals.controller';
import { PrincipalsService } from './principals.service';

/** Principals and their API keys; exports the lookup the global AuthGuard and onRequest hook use. */
@Module({
  imports: [PersistenceModule],
  controllers: [PrincipalsController],
  providers: [PrincipalsService, { provide: PRINCIPAL_LOOKUP, useExisting: PrincipalsService }],
  exports: [PRINCIPAL_LOOKUP],
})
export class PrincipalsModule {}
