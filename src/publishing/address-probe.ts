import type { AddressAnswer, AddressProbe } from './check-publishing.js';

/** The network's words for why an address did not answer, by the error code under fetch's "fetch failed". */
const WHY: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the server refused the connection',
  ENOTFOUND: 'no server has that name',
  EAI_AGAIN: 'the name could not be looked up',
  ECONNRESET: 'the server closed the connection',
  EHOSTUNREACH: 'the server cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not trusted',
};

function whyNot(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${Math.round(timeoutMs / 1000)} seconds`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return WHY[cause?.code ?? ''] ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Names kept for examples and tests (RFC 2606, RFC 6761): no server ever answers for them. */
const RESERVED_NAME = /(^|\.)(example|invalid|test)$|(^|\.)example\.(com|net|org)$/i;

/** Why an address cannot answer before anything is sent, if it cannot. */
function cannotAnswer(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not a web address';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'it is not an http or https address';
  if (RESERVED_NAME.test(parsed.hostname)) return `${parsed.hostname} is a name kept for examples, which no server answers for`;
  return undefined;
}

/**
 * Asks an address over HTTP whether it answers: a HEAD request, then a GET where the server does
 * not take HEAD, each given `timeoutMs`. Any 2xx or 3xx answer (after redirects) counts.
 */
export function httpAddressProbe(timeoutMs = 5000): AddressProbe {
  const ask = (url: string, method: 'HEAD' | 'GET') =>
    fetch(url, { method, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'commsplan check' } });
  return async (url): Promise<AddressAnswer> => {
    const why = cannotAnswer(url);
    if (why) return { answered: false, why };
    try {
      let response = await ask(url, 'HEAD');
      if (response.status === 405 || response.status === 501) {
        await response.body?.cancel();
        response = await ask(url, 'GET');
      }
      await response.body?.cancel();
      if (response.status < 400) return { answered: true, status: response.status };
      return { answered: false, why: `it answers ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
    } catch (error) {
      return { answered: false, why: whyNot(error, timeoutMs) };
    }
  };
}
