// Malformed multipart uploads to POST /api/documents are the client's fault: no boundary, a
// truncated body, garbage, a wrong boundary, broken part headers, two files, an empty form… each
// answers 4xx in the error envelope (never 500) and stores nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../../model/index.js';
import type { Dossier } from '../../core/index.js';
import { buildServer } from '../server.js';
import { backends, multipart, populate, seedText, type Person } from '../test-support/security-fixture.js';

const [sqlite] = await backends();

describe('malformed multipart uploads', () => {
  let dossier: Dossier;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let editor: Person;

  beforeAll(async () => {
    ({ dossier, dispose } = await sqlite!.open());
    editor = (await populate(dossier)).editor;
    app = await buildServer(dossier, { webRoot: null, maxUploadBytes: 64 * 1024 });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const upload = (payload: string | Buffer, contentType: string) =>
    app.inject({
      method: 'POST',
      url: '/api/documents',
      payload,
      headers: { authorization: `Bearer ${editor.token}`, 'content-type': contentType },
    });

  const good = multipart('kazakhstan.txt', `${seedText}\nOne more sentence for the multipart tests.\n`);
  const boundary = /boundary=(.+)$/.exec(good.contentType)![1]!;
  const text = good.body.toString('latin1');

  const cases: Array<[string, string | Buffer, string]> = [
    ['no boundary parameter', good.body, 'multipart/form-data'],
    ['an empty boundary', good.body, 'multipart/form-data; boundary='],
    ['an unterminated quoted boundary', good.body, 'multipart/form-data; boundary="abc'],
    ['a boundary that is not in the body', good.body, 'multipart/form-data; boundary=somethingelse'],
    ['a body cut in the middle of the file', good.body.subarray(0, Math.floor(good.body.length / 2)), good.contentType],
    ['a body cut in the part headers', text.slice(0, text.indexOf('filename=') + 5), good.contentType],
    ['a body without the closing boundary', text.slice(0, text.lastIndexOf(`--${boundary}--`)), good.contentType],
    ['garbage text', 'garbage garbage garbage', good.contentType],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), good.contentType],
    ['an empty body', '', good.contentType],
    [
      'a part with a broken header line',
      `--${boundary}\r\nThis is not a header\r\n\r\nabc\r\n--${boundary}--\r\n`,
      good.contentType,
    ],
    ['a part without headers', `--${boundary}\r\n\r\nabc\r\n--${boundary}--\r\n`, good.contentType],
    ['only a closing boundary', `--${boundary}--\r\n`, good.contentType],
    [
      'thousands of part headers',
      `--${boundary}\r\n${'X-A: b\r\n'.repeat(5000)}\r\nabc\r\n--${boundary}--\r\n`,
      good.contentType,
    ],
    [
      'a form field only',
      `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ntext\r\n--${boundary}--\r\n`,
      good.contentType,
    ],
    [
      'two files',
      `--${boundary}\r\nContent-Disposition: form-data; name="a"; filename="a.txt"\r\n\r\nA\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="b"; filename="b.txt"\r\n\r\nB\r\n--${boundary}--\r\n`,
      good.contentType,
    ],
    ['multipart/mixed', good.body, `multipart/mixed; boundary=${boundary}`],
  ];

  it.each(cases)('answers %s in the envelope with a 4xx and stores nothing', async (_label, payload, contentType) => {
    const before = await dossier.store.contentDigest();
    const response = await upload(payload, contentType);
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
    const envelope = ErrorEnvelopeSchema.parse(response.json());
    expect(envelope.error.message).not.toMatch(/internal/i);
    expect(await dossier.store.contentDigest()).toBe(before);
  });

  it('still accepts a well-formed upload', async () => {
    const response = await upload(good.body, good.contentType);
    expect(response.statusCode, response.body).toBeLessThan(300);
  });
});
