import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { emailAddress, lineText } from '@uplift/domain';
import type { CertificationBodyEntity, PrincipalEntity } from '@uplift/persistence';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { ZodPipe } from '../common/zod-validation';
import { CertificationBodiesService } from './certification-bodies.service';
import {
  bodyStaffSchema,
  certificationBodyListSchema,
  certificationBodyViewSchema,
  type CertificationBodyView,
} from './certification-body.view';

export const createCertificationBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^CNCA-R-\d{4}-\d{3,4}$/, 'must be a CNCA approval number such as CNCA-R-2002-001')
    .meta({ maxLength: 16, example: 'CNCA-R-2002-001' }),
  name: lineText(200),
  email: emailAddress,
  locale: z.enum(['zh-CN', 'en']).optional(),
});
type CreateCertificationBody = z.infer<typeof createCertificationBodySchema>;

const view = (b: CertificationBodyEntity): CertificationBodyView => ({
  id: b.id,
  code: b.code,
  name: b.name,
  email: b.email,
  locale: b.locale,
});

@ApiTags('certification bodies')
@Controller('v1/certification-bodies')
export class CertificationBodiesController {
  constructor(private readonly bodies: CertificationBodiesService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiContract({
    summary: 'Register a certification body',
    description: 'A body approved by CNCA, by its approval number; regulators assign journeys to it.',
    body: createCertificationBodySchema,
    ok: { description: 'The certification body.', schema: certificationBodyViewSchema },
    errors: { 400: 'invalid body', 409: 'a certification body with code CNCA-R-2002-001 exists' },
  })
  async create(@Body(new ZodPipe(createCertificationBodySchema)) body: CreateCertificationBody) {
    return view(await this.bodies.register(body));
  }

  /** Regulators choose from this list when they assign. */
  @Get()
  @Roles('admin', 'regulator')
  @ApiContract({
    summary: 'List certification bodies',
    description: 'Every certification body, by code; regulators choose from this list when they assign.',
    ok: { description: 'The certification bodies.', schema: certificationBodyListSchema },
  })
  async list() {
    return { items: (await this.bodies.list()).map(view) };
  }

  @Get(':id/staff')
  @Roles('admin', 'certification_body')
  @ApiContract({
    summary: "A certification body's staff",
    description:
      "The body's active people (`certification_body` principals), by name: those a journey of the body may be assigned to (`POST /v1/journeys/{id}/assignee`). A body reads its own; an admin any body's. Another body's is a 404, as one that does not exist.",
    params: z.object({ id: z.uuid().meta({ description: "The body's id." }) }),
    ok: { description: 'The staff.', schema: bodyStaffSchema },
    errors: { 404: 'certification body not found' },
  })
  async staff(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ) {
    return {
      items: (await this.bodies.staff(p, id)).map((s) => ({ id: s.id, name: s.name, email: s.email })),
    };
  }
}
