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

/** Only addresses on this site: `/timeline`, never `//evil.example` or `https://...`. */
export function localPath(candidate: string, fallback = '/'): string {
  return /^\/(?![/\\])[^\s\\]*$/.test(candidate) ? candidate : fallback;
}
