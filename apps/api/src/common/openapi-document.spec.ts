import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiContract } from './api-contract';
import { Public, Roles } from './auth.decorators';
import { buildOpenApiDocument } from './openapi-document';

const thing = z.object({ id: z.uuid(), name: z.string().max(20) }).meta({ id: 'Thing' });

@ApiTags('things')
@Controller('v1/things')
class ThingsController {
  @Post(':id/rename')
  @HttpCode(200)
  @Roles('admin')
  @ApiContract({
    summary: 'Rename a thing',
    description: 'Gives the thing another name.',
    params: z.object({ id: z.uuid() }),
    body: z.strictObject({ name: z.string().max(20) }),
    ok: { description: 'The thing.', schema: thing },
    errors: { 404: 'thing not found' },
  })
  rename(@Param('id') id: string, @Body() body: { name: string }) {
    return { id, name: body.name };
  }

  @Get('open')
  @Public()
  @ApiContract({ summary: 'Open', description: 'No key.', ok: { description: 'Yes.', schema: z.boolean() } })
  open() {
    return true;
  }

  @Get('forgotten')
  forgotten() {
    return 1;
  }
}

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument([ThingsController], 'things') as any;
  const rename = doc.paths['/v1/things/{id}/rename'].post;

  it('takes the route, its success status and its roles from Nest', () => {
    expect(rename.tags).toEqual(['things']);
    expect(rename.summary).toBe('Rename a thing');
    expect(rename.description).toContain('Roles: admin.');
    expect(rename.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Thing',
    });
    expect(rename.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'path', name: 'id', required: true })]),
    );
  });

  it('adds the errors the route can answer by its kind, each the error body with an example', () => {
    // Key (401, 503), role (403), body (413, 415), POST with a key (409), everyone (400, 429, 500).
    expect(Object.keys(rename.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '415', '429', '500', '503'].sort(),
    );
    const notFound = rename.responses['404'].content['application/json'];
    expect(notFound.schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(notFound.example).toEqual({ statusCode: 404, error: 'Not Found', message: 'thing not found' });
    expect(Object.keys(rename.responses['429'].headers)).toEqual(
      expect.arrayContaining(['Retry-After', 'X-RateLimit-Limit']),
    );
  });

  it('asks no key of a public route and no more than it can answer', () => {
    const open = doc.paths['/v1/things/open'].get;
    expect(open.security).toEqual([]);
    expect(Object.keys(open.responses).sort()).toEqual(['200', '400', '429', '500']);
    expect(open.responses['400'].content['application/json'].example.details[0].field).toBe('(url)');
  });

  it('lists a route without a contract undocumented, for the contract test to name', () => {
    const forgotten = doc.paths['/v1/things/forgotten'].get;
    expect(forgotten.summary).toBeUndefined();
    expect(forgotten.responses['200'].content).toBeUndefined();
  });

  it('states the width of integers and the length of formatted strings', () => {
    const schema = doc.components.schemas.Thing.properties;
    expect(schema.id.maxLength).toBe(36);
    const limit = rename.responses['200'].headers['X-RateLimit-Limit'].schema;
    expect(limit).toMatchObject({ type: 'integer', format: 'int32' });
  });
});
