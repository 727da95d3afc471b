import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PrincipalEntity } from '@uplift/persistence';
import { Roles } from '../common/auth.decorators';
import { annotateAudit } from '../common/audit';
import { RedactOnReplay } from '../common/idempotency.interceptor';
import { ApiContract } from '../common/api-contract';
import { ZodPipe } from '../common/zod-validation';
import {
  createdPrincipalSchema,
  createPrincipalSchema,
  principalIdParams,
  principalListSchema,
  principalViewSchema,
  rotatedPrincipalSchema,
  type CreatePrincipal,
  type PrincipalView,
} from './principals.dto';
import { PrincipalsService } from './principals.service';

/** A principal as admins see it: the key by its prefix, never its hash. */
function principalView(p: PrincipalEntity): PrincipalView {
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
@Controller('v1/principals')
export class PrincipalsController {
  constructor(private readonly principals: PrincipalsService) {}

  /** The API key is in this answer only; Uplift keeps its hash. */
  @Post()
  @HttpCode(201)
  @Roles('admin')
  @RedactOnReplay('apiKey')
  @ApiContract({
    summary: 'Create a principal and its API key',
    description:
      'A regulator (with its division), a certification body (with its body) or an admin. The API key is in this answer only; Uplift keeps its hash.',
    body: createPrincipalSchema,
    ok: { description: 'The principal and its key.', schema: createdPrincipalSchema },
    errors: { 400: 'invalid body' },
  })
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
  @ApiContract({
    summary: 'List principals',
    description: 'Every principal, revoked ones too, keys shown by their prefix only.',
    ok: { description: 'The principals.', schema: principalListSchema },
  })
  async list() {
    return { items: (await this.principals.list()).map(principalView) };
  }

  /** The bootstrap admin's new key, shown in this answer only; the previous key stops working at once. */
  @Post('bootstrap/rotate')
  @HttpCode(200)
  @Roles('admin')
  @RedactOnReplay('apiKey')
  @ApiContract({
    summary: "Rotate the bootstrap admin's key",
    description:
      "The bootstrap admin's new key, shown in this answer only; the previous key stops working at once.",
    ok: { description: 'The bootstrap admin and its new key.', schema: rotatedPrincipalSchema },
    errors: { 404: 'bootstrap admin not found' },
  })
  async rotateBootstrap() {
    const { principal, apiKey } = await this.principals.rotateBootstrap();
    return { ...principalView(principal), apiKey };
  }

  /** A principal's new key, shown in this answer only; the previous key answers 401 from the next request on. */
  @Post(':id/key')
  @HttpCode(201)
  @Roles('admin')
  @RedactOnReplay('apiKey')
  @ApiContract({
    summary: "Rotate a principal's API key",
    description:
      "A new key, in this answer only (Uplift keeps its hash); the previous key answers 401 from the next request on. Console sessions are not affected. The audit log records the rotation with the new key's prefix.",
    params: principalIdParams,
    ok: { description: 'The principal and its new key.', schema: rotatedPrincipalSchema },
    errors: {
      404: 'principal not found',
      409: 'this principal is revoked; its key can no longer be rotated',
    },
  })
  async rotateKey(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Req() request: object,
  ) {
    const { principal, apiKey } = await this.principals.rotateKey(id);
    annotateAudit(request, { keyPrefix: principal.keyPrefix });
    return { ...principalView(principal), apiKey };
  }

  /** The key answers 401 from the next request on. */
  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiContract({
    summary: 'Revoke a principal',
    description:
      'Its key answers 401 from the next request on. The bootstrap admin is rotated, never revoked.',
    params: principalIdParams,
    ok: { description: 'The principal, revoked.', schema: principalViewSchema },
    errors: {
      404: 'principal not found',
      409: 'the bootstrap admin cannot be revoked; rotate its key with POST /v1/principals/bootstrap/rotate',
    },
  })
  async revoke(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return principalView(await this.principals.revoke(id));
  }

  /** The same as POST /v1/principals/{id}/revoke: principals are revoked, never erased (the audit names them). */
  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiContract({
    summary: 'Revoke a principal (DELETE)',
    description:
      'The same as POST /v1/principals/{id}/revoke: principals are revoked, never erased, since the audit log names them.',
    params: principalIdParams,
    ok: { description: 'The principal, revoked.', schema: principalViewSchema },
    errors: {
      404: 'principal not found',
      409: 'the bootstrap admin cannot be revoked; rotate its key with POST /v1/principals/bootstrap/rotate',
    },
  })
  async remove(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return principalView(await this.principals.revoke(id));
  }
}
