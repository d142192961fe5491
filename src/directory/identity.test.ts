import { describe, expect, it } from 'vitest';
import { accessKinds, classifyIdentity } from './identity.js';

describe('identities in Exchange exports', () => {
  it.each([
    ['Sam.Jones@Trust.nhs.uk', 'email', 'sam.jones@trust.nhs.uk'],
    ['SMTP:sam@trust.nhs.uk', 'email', 'sam@trust.nhs.uk'],
    ['TRUST\\sjones', 'account', 'sjones'],
    ['Jones, Sam', 'display-name', 'jones, sam'],
    ['trust.local/Users/Jones, Sam', 'display-name', 'jones, sam'],
    ['sam@trust.nhs.uk/ExchangeActiveSyncDevices/iPhone§ApplF17', 'email', 'sam@trust.nhs.uk'],
    ['Jones, Sam:\\Calendar', 'display-name', 'jones, sam'],
    ['{11111111-2222-3333-4444-555555555555}', 'guid', '11111111-2222-3333-4444-555555555555'],
    [
      '/o=Trust/ou=Exchange Administrative Group/cn=Recipients/cn=sjones',
      'legacy-dn',
      '/o=trust/ou=exchange administrative group/cn=recipients/cn=sjones',
    ],
    ['S-1-5-21-1004336348-1177238915-682003330-512', 'sid', 'S-1-5-21-1004336348-1177238915-682003330-512'],
    ['NT AUTHORITY\\SELF', 'system', 'nt authority\\self'],
    ['S-1-5-18', 'system', 'S-1-5-18'],
    ['Default', 'system', 'default'],
    ['TRUST\\Domain Admins', 'system', 'trust\\domain admins'],
    ['NULL SID', 'system', 'null sid'],
  ])('reads %j as %s', (raw, kind, value) => {
    expect(classifyIdentity(raw)).toEqual({ kind, value });
  });

  it.each([
    [{ accessRights: '{FullAccess, ReadPermission}', mailbox: 'x', fromSendOnBehalfColumn: false }, ['full-access']],
    [{ extendedRights: 'Send-As', mailbox: 'x', fromSendOnBehalfColumn: false }, ['send-as']],
    [{ mailbox: 'x', fromSendOnBehalfColumn: true }, ['send-on-behalf']],
    [{ accessRights: 'Editor', mailbox: 'Jones, Sam:\\Calendar', fromSendOnBehalfColumn: false }, ['calendar:editor']],
    [{ accessRights: 'AvailabilityOnly', mailbox: 'Jones, Sam:\\Calendar', fromSendOnBehalfColumn: false }, ['calendar:availabilityonly']],
    [
      { accessRights: '{LimitedDetails}', folder: 'Calendar', mailbox: 'Jones, Sam', fromSendOnBehalfColumn: false },
      ['calendar:limiteddetails'],
    ],
    [{ accessRights: 'Reviewer', folder: 'Inbox', mailbox: 'Jones, Sam', fromSendOnBehalfColumn: false }, ['inbox:reviewer']],
    [{ accessRights: '{None}', mailbox: 'Jones, Sam:\\Calendar', fromSendOnBehalfColumn: false }, []],
    [{ accessRights: 'SendAs', mailbox: 'Pharmacy Team', fromSendOnBehalfColumn: false }, ['send-as']],
    [{ accessRights: 'ReadPermission', mailbox: 'x', fromSendOnBehalfColumn: false }, []],
  ])('turns %j into %j', (fields, kinds) => {
    expect(accessKinds(fields)).toEqual(kinds);
  });
});
