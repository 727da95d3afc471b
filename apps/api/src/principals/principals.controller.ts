import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PrincipalEntity } from '@uplift/persistence';
import { Roles } from '../common/auth.decorators';
import { RedactOnReplay } from '../common/idempotency.interceptor';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { createPrincipalSchema, type CreatePrincipal } from './principals.dto';
import { PrincipalsService } from './principals.service';

/** A principal as admins see it: the key by its prefix, never its hash. */
function principalView(p: PrincipalEntity) {
  return {
    id: p.id,
    role: p.role,
    name: p.name,
    email: p.email,
    regionCode: p.regionCode,
    certificationBodyId: p.certificationBodyId,
    keyPrefix: p.keyPrefix,
    isBootstrap: p.isBootstrap,
    revokedAt: p.revokedAt,
    createdAt: p.createdAt,
  };
}

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

  @Get()
  @Roles('admin')
  async list() {
    return { items: (await this.principals.list()).map(principalView) };
  }

  /** The bootstrap admin's new key, shown in this answer only; the previous key stops working at once. */
  @Post('bootstrap/rotate')
  @HttpCode(200)
  @Roles('admin')
  @RedactOnReplay('apiKey')
  async rotateBootstrap() {
    const { principal, apiKey } = await this.principals.rotateBootstrap();
    return { ...principalView(principal), apiKey };
  }

  /** The key answers 401 from the next request on. */
  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('admin')
  async revoke(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return principalView(await this.principals.revoke(id));
  }

  /** The same as POST /v1/principals/{id}/revoke: principals are revoked, never erased (the audit names them). */
  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  async remove(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return principalView(await this.principals.revoke(id));
  }
}
