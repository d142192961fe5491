import type { FastifyRequest } from 'fastify';

/** A text field of a posted form, or '' when it is missing or not text. */
export function formField(request: FastifyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** A query string value, or '' when missing. */
export function queryField(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The longest address a sign-in may send a person back to. */
const LOCAL_PATH_MAX_LENGTH = 2000;

/**
 * Only addresses on this site: `/timeline`, never `//evil.example`, `/\evil.example` or
 * `https://...`; anything else gives `fallback`. Characters a Location header cannot carry
 * (beyond ASCII, control characters) are percent-encoded as UTF-8, so `/café` goes back as `/caf%C3%A9`.
 */
export function localPath(candidate: string, fallback = '/'): string {
  if (candidate.length > LOCAL_PATH_MAX_LENGTH || !/^\/(?![/\\])[^\s\\]*$/.test(candidate)) return fallback;
  return candidate.replace(/[^\x21-\x7e]+/g, percentEncoded);
}

function percentEncoded(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
