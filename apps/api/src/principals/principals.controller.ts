import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { RedactOnReplay } from '../common/idempotency.interceptor';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { createPrincipalSchema, type CreatePrincipal } from './principals.dto';
import { PrincipalsService } from './principals.service';

@ApiTags('principals')
@ApiBearerAuth()
@Controller('v1/principals')
export class PrincipalsController {
  constructor(private readonly principals: PrincipalsService) {}

  /** The API key is in this answer only; Uplift keeps its hash. */
  @Post()
  @HttpCode(201)
  @Roles('admin')
  @RedactOnReplay('apiKey')
  @ApiZodBody(createPrincipalSchema)
  async create(@Body(new ZodPipe(createPrincipalSchema)) body: CreatePrincipal) {
    const { principal: p, apiKey } = await this.principals.create(body);
    return {
      id: p.id,
      role: p.role,
      name: p.name,
      email: p.email,
      regionCode: p.regionCode,
      certificationBodyId: p.certificationBodyId,
      keyPrefix: p.keyPrefix,
      apiKey,
      createdAt: p.createdAt,
    };
  }
}
