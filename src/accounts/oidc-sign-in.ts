import { appendAuditEntry } from '../audit/audit-log.store.js';
import { cleanEmailAddress } from '../shared/email-address.js';
import type { Organisation } from '../shared/organisation.js';
import { writeUnmarked } from '../store/change-marker.js';
import type { Store } from '../store/store.js';
import { findUserByEmail, type User, withoutHash } from './users.store.js';

/** Who the OpenID provider says signed in, after their ID token was checked (signature, issuer, audience, nonce, tenant). */
export interface VerifiedIdentity {
  email: string;
  /** What the provider is called in the audit log, e.g. `Microsoft`. */
  provider: string;
  from: string;
}

/**
 * The commsplan user with the provider's email address, or undefined: the provider proves who
 * someone is, but only an administrator (`commsplan users add`) decides whether they may use
 * commsplan and with which role. Every attempt goes in the audit log.
 */
export async function checkOidcSignIn(
  store: Store,
  organisation: Organisation,
  identity: VerifiedIdentity,
  now: Date,
): Promise<User | undefined> {
  const email = cleanEmailAddress(identity.email);
  const found = await findUserByEmail(store.db, organisation.id, email);
  await writeUnmarked(store, (db) =>
    appendAuditEntry(db, organisation.id, {
      at: now.toISOString(),
      actor: email.slice(0, 200),
      action: found ? 'signed-in' : 'sign-in-refused',
      subject: 'web',
      detail: `with ${identity.provider} from ${identity.from}${found ? '' : ': no commsplan account has this address'}`,
    }),
  );
  if (!found) return undefined;
  return withoutHash(found);
}

/** An attempt refused before anyone was identified (a stale or forged return, a token from another tenant). */
export async function recordRefusedOidcSignIn(
  store: Store,
  organisation: Organisation,
  attempt: { who: string | undefined; provider: string; from: string; reason: string },
  now: Date,
): Promise<void> {
  await writeUnmarked(store, (db) =>
    appendAuditEntry(db, organisation.id, {
      at: now.toISOString(),
      actor: attempt.who?.trim().toLowerCase().slice(0, 200) || '(not identified)',
      action: 'sign-in-refused',
      subject: 'web',
      detail: `with ${attempt.provider} from ${attempt.from}: ${attempt.reason}`.slice(0, 500),
    }),
  );
}
