import { z } from 'zod';

/**
 * The HAR 1.2 format (http://www.softwareishard.com/blog/har-12-spec/, the fields and types of the
 * `har-schema` package that har-validator uses), as zod: every required field with its type, and
 * no field outside the spec unless it starts with "_" (the spec's rule for custom fields).
 */
const only = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .catchall(z.unknown())
    .superRefine((v, ctx) => {
      for (const key of Object.keys(v))
        if (!(key in shape) && !key.startsWith('_'))
          ctx.addIssue({ code: 'custom', message: `"${key}" is not a HAR 1.2 field (custom fields start with "_")`, path: [key] });
    });

const comment = z.string().optional();
const nameValue = only({ name: z.string(), value: z.string(), comment });
const dateTime = z.string().regex(/^(\d{4})(-)?(\d\d)(-)?(\d\d)(T)?(\d\d)(:)?(\d\d)(:)?(\d\d)(\.\d+)?(Z|([+-])(\d\d)(:)?(\d\d))/);
const cookie = only({
  name: z.string(),
  value: z.string(),
  path: z.string().optional(),
  domain: z.string().optional(),
  expires: z.string().nullable().optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
  comment,
});
const postData = only({
  mimeType: z.string(),
  text: z.string().optional(),
  params: z.array(only({ name: z.string(), value: z.string().optional(), fileName: z.string().optional(), contentType: z.string().optional(), comment })).optional(),
  comment,
});
const content = only({
  size: z.number().int(),
  compression: z.number().int().optional(),
  mimeType: z.string(),
  text: z.string().optional(),
  encoding: z.string().optional(),
  comment,
});
const creator = only({ name: z.string(), version: z.string(), comment });
const timing = z.number().min(-1);

export const Har12 = only({
  log: only({
    version: z.string(),
    creator,
    browser: creator.optional(),
    pages: z.array(only({ startedDateTime: dateTime, id: z.string(), title: z.string(), pageTimings: only({ onContentLoad: timing.optional(), onLoad: timing.optional(), comment }), comment })).optional(),
    entries: z.array(
      only({
        pageref: z.string().optional(),
        startedDateTime: dateTime,
        time: z.number().min(0),
        request: only({
          method: z.string(),
          url: z.url(),
          httpVersion: z.string(),
          cookies: z.array(cookie),
          headers: z.array(nameValue),
          queryString: z.array(nameValue),
          postData: postData.optional(),
          headersSize: z.number().int(),
          bodySize: z.number().int(),
          comment,
        }),
        response: only({
          status: z.number().int(),
          statusText: z.string(),
          httpVersion: z.string(),
          cookies: z.array(cookie),
          headers: z.array(nameValue),
          content,
          redirectURL: z.string(),
          headersSize: z.number().int(),
          bodySize: z.number().int(),
          comment,
        }),
        cache: only({ beforeRequest: z.unknown().optional(), afterRequest: z.unknown().optional(), comment }),
        timings: only({
          dns: timing.optional(),
          connect: timing.optional(),
          blocked: timing.optional(),
          send: timing,
          wait: timing,
          receive: timing,
          ssl: timing.optional(),
          comment,
        }),
        serverIPAddress: z.string().optional(),
        connection: z.string().optional(),
        comment,
      }),
    ),
    comment,
  }),
});
