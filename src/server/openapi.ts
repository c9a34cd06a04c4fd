import { z } from 'zod';
import { events, methods, type MethodName } from '../shared/contract';
import { ERROR_CODES } from '../shared/errors';

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): unknown => {
  try {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
    delete json.$schema;
    return json;
  } catch {
    return { description: 'See the contract in src/shared/contract.' };
  }
};

/** The automation API's reference, generated from the contract, so it never drifts from it. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const errorSchema = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CODES) },
          message: { type: 'string' },
          issues: { type: 'array', items: { type: 'object' } },
        },
        required: ['code', 'message'],
      },
    },
  };
  for (const name of Object.keys(methods) as MethodName[]) {
    const def = methods[name];
    paths[`/api/${name}`] = {
      post: {
        operationId: name,
        summary: def.summary ?? name,
        tags: [name.split('.')[0]],
        security: [{ bearer: [] }],
        requestBody: { required: false, content: { 'application/json': { schema: toSchema(def.input, 'input') } } },
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: toSchema(def.output, 'output') } } },
          '400': { description: 'Invalid input', content: { 'application/json': { schema: errorSchema } } },
          '401': { description: 'Missing or wrong token' },
          '404': { description: 'Unknown method or missing object', content: { 'application/json': { schema: errorSchema } } },
        },
      },
    };
  }
  paths['/api/events'] = {
    get: {
      operationId: 'events',
      summary: `Server-sent events. Event names: ${Object.keys(events).join(', ')}.`,
      security: [{ bearer: [] }],
      responses: { '200': { description: 'text/event-stream; each event has `event: <name>` and `data: <json>`.' } },
    },
  };
  const file = { description: 'The file, streamed (Content-Disposition: attachment).', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
  const errors = {
    '400': { description: 'Invalid input, or a body that cannot be decoded', content: { 'application/json': { schema: errorSchema } } },
    '401': { description: 'Missing or wrong token' },
    '404': { description: 'No such request', content: { 'application/json': { schema: errorSchema } } },
  };
  paths['/api/requests/{id}/body'] = {
    get: {
      operationId: 'requests.body',
      summary: 'The whole body of a captured request as received; with decoded=1, decompressed (up to 1 GiB, 413 beyond).',
      tags: ['requests'],
      security: [{ bearer: [] }],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
        { name: 'decoded', in: 'query', required: false, schema: { type: 'string', enum: ['1', 'true'] } },
      ],
      responses: { '200': file, ...errors, '413': { description: 'The decoded body is larger than the cap', content: { 'application/json': { schema: errorSchema } } } },
    },
  };
  paths['/api/requests.export/file'] = {
    post: {
      operationId: 'requests.export.file',
      summary: 'The requests.export file (HAR or JSON), streamed entry by entry, without the 64 MiB cap of requests.export.',
      tags: ['requests'],
      security: [{ bearer: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: toSchema(methods['requests.export'].input, 'input') } } },
      responses: { '200': { ...file, headers: { 'x-hookbench-count': { schema: { type: 'integer' }, description: 'Requests in the file.' } } }, ...errors },
    },
  };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Hookbench automation API',
      version,
      description:
        'Every method is POST /api/<method> with the JSON input as the body and the bearer token printed by `hookbench serve`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
    'x-events': Object.fromEntries(Object.entries(events).map(([k, v]) => [k, toSchema(v as z.ZodType, 'output')])),
  };
}
