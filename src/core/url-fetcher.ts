// Fetches a document from an http(s) URL for ingest (`dossier ingest https://…`, the upload page's
// URL field): a total timeout, a size cap read as the body streams in, a content-type check, at
// most 5 redirects (each hop checked again), and no private, loopback, link-local or otherwise
// non-public target unless explicitly allowed. The address check runs on the address the
// connection is actually made to (a custom DNS lookup), so a name that resolves to a public
// address when asked and to a private one when connecting (DNS rebinding) is refused as well.
import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { DossierError, type SourceFormat } from '../model/index.js';

export interface FetchOptions {
  /** Allow private, loopback, link-local and other non-public addresses (tests, intranets). */
  allowPrivate?: boolean;
  /** Whole fetch, redirects included (default 20 s). */
  timeoutMs?: number;
  /** Largest body accepted (default: the document size cap). */
  maxBytes?: number;
  /** Redirects followed (default 5). */
  maxRedirects?: number;
}

export interface FetchedDocument {
  /** The URL the document came from after redirects. */
  url: string;
  bytes: Buffer;
  /** A name for messages and provenance: the last path segment, with an extension matching the format. */
  name: string;
  format: SourceFormat;
  contentType: string;
}

/** Media types Dossier reads, and the format each is read as. */
const formatByMediaType: Record<string, SourceFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

const extensionOf: Record<SourceFormat, string> = {
  html: 'html',
  text: 'txt',
  markdown: 'md',
  pdf: 'pdf',
  docx: 'docx',
};

/** Address ranges that are public (ipaddr.js range names); everything else is refused without allowPrivate. */
const publicRanges = new Set(['unicast']);

/** Why an address may not be fetched, or null when it is public. */
export function nonPublicReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'is not an IP address';
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  return publicRanges.has(range) ? null : `is a ${range} address`;
}

const hintPrivate =
  'pass --allow-private-urls (or DOSSIER_ALLOW_PRIVATE_URLS=1 for the server) to fetch from your own network';

/** A DNS lookup that refuses non-public addresses (unless allowed) at connection time. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((
    hostname: string,
    options: LookupOneOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      if (!allowPrivate) {
        for (const { address } of list) {
          const reason = nonPublicReason(address);
          if (reason)
            return callback(
              Object.assign(new Error(`${hostname} resolves to ${address}, which ${reason}`), {
                code: 'DOSSIER_PRIVATE_ADDRESS',
              }),
              '',
              0,
            );
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/**
 * The URL parsed and checked: http(s) only, no credentials, and (without allowPrivate) no literal non-public address.
 */
export function checkFetchUrl(raw: string, allowPrivate = false): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DossierError('BAD_REQUEST', `not a URL: ${raw.slice(0, 200)}`, {
      expected: 'an http:// or https:// URL',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DossierError('BAD_REQUEST', `${url.protocol} URLs are not fetched`, {
      expected: 'an http:// or https:// URL',
    });
  }
  if (url.username || url.password)
    throw new DossierError('BAD_REQUEST', 'URLs with a user name or password are not fetched', {
      expected: 'a URL without credentials',
    });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host)) {
    const reason = nonPublicReason(host);
    if (reason)
      throw new DossierError('BAD_REQUEST', `${url.host} ${reason}: private and local addresses are not fetched`, {
        hint: hintPrivate,
      });
  }
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new DossierError('BAD_REQUEST', `${url.host} is this machine: private and local addresses are not fetched`, {
      hint: hintPrivate,
    });
  }
  return url;
}

/** Media type without parameters, lower case. */
const mediaTypeOf = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** The name a fetched document is stored under: its last path segment, with the extension of its format. */
function nameFor(url: URL, format: SourceFormat): string {
  const segment = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .slice(0, 120);
  const base = segment === '' ? url.hostname : segment;
  const extension = `.${extensionOf[format]}`;
  return path.extname(base).toLowerCase() === extension ? base : `${base.replace(/\.[^.]*$/, '')}${extension}`;
}

/** One request; resolves with the response (body not read yet). */
function request(url: URL, allowPrivate: boolean, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      lookup: guardedLookup(allowPrivate),
      signal,
      headers: { 'user-agent': 'Dossier (+https://github.com/)', accept: Object.keys(formatByMediaType).join(', ') },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Fetches a document; every failure is a DossierError with what happened and what was expected. */
export async function fetchDocument(raw: string, options: FetchOptions = {}): Promise<FetchedDocument> {
  const allowPrivate = options.allowPrivate ?? false;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = checkFetchUrl(raw, allowPrivate);
  const file = raw.slice(0, 200);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await request(url, allowPrivate, signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirects >= maxRedirects)
          throw new DossierError('BAD_REQUEST', `more than ${maxRedirects} redirects`, {
            file,
            expected: `at most ${maxRedirects} redirects`,
          });
        url = checkFetchUrl(new URL(response.headers.location, url).toString(), allowPrivate);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new DossierError(
          'BAD_REQUEST',
          `the server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`,
          { file, expected: 'a 200 answer' },
        );
      }
      const contentType = mediaTypeOf(response.headers['content-type']);
      const format = formatByMediaType[contentType];
      if (!format) {
        response.resume();
        throw new DossierError('UNSUPPORTED_MEDIA_TYPE', `the document is ${contentType || 'of no declared type'}`, {
          file,
          expected: `one of ${Object.keys(formatByMediaType).join(', ')}`,
        });
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        throw new DossierError('PAYLOAD_TOO_LARGE', `the document is ${declared} bytes; the limit is ${maxBytes}`, {
          file,
        });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response) {
        size += (chunk as Buffer).byteLength;
        if (size > maxBytes) {
          response.destroy();
          throw new DossierError('PAYLOAD_TOO_LARGE', `the document is over ${maxBytes} bytes, the limit`, { file });
        }
        chunks.push(chunk as Buffer);
      }
      return { url: url.toString(), bytes: Buffer.concat(chunks), name: nameFor(url, format), format, contentType };
    }
  } catch (error) {
    if (error instanceof DossierError) throw error;
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'DOSSIER_PRIVATE_ADDRESS')
      throw new DossierError('BAD_REQUEST', `${message}: private and local addresses are not fetched`, {
        file,
        hint: hintPrivate,
      });
    if (signal.aborted)
      throw new DossierError('SERVICE_UNAVAILABLE', `no complete answer within ${timeoutMs / 1000} s`, { file });
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new DossierError('BAD_REQUEST', `${url.hostname} cannot be resolved`, {
        file,
        expected: 'a host name that resolves',
      });
    throw new DossierError('SERVICE_UNAVAILABLE', `the document could not be fetched: ${message}`, { file });
  }
}
