import { describe, expect, it } from 'vitest';
import { accessKinds, classifyIdentity, deviceOwner, mailboxPath } from './identity.js';

describe('identities in Exchange exports', () => {
  it.each([
    ['Sam.Jones@Trust.nhs.uk', 'email', 'sam.jones@trust.nhs.uk'],
    ['SMTP:sam@trust.nhs.uk', 'email', 'sam@trust.nhs.uk'],
    ['TRUST\\sjones', 'account', 'sjones'],
    ['Jones, Sam', 'display-name', 'jones, sam'],
    ['trust.local/Users/Jones, Sam', 'path-name', 'jones, sam'],
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
    [
      {
        accessRights: 'Editor',
        folder: 'Calendar',
        sharingFlags: 'Delegate, CanViewPrivateItems',
        mailbox: 'Jones, Sam',
        fromSendOnBehalfColumn: false,
      },
      ['calendar:delegate'],
    ],
    [
      { accessRights: 'Editor', folder: 'Calendar', sharingFlags: 'None', mailbox: 'Jones, Sam', fromSendOnBehalfColumn: false },
      ['calendar:editor'],
    ],
    [{ accessRights: '{None}', mailbox: 'Jones, Sam:\\Calendar', fromSendOnBehalfColumn: false }, []],
    [{ accessRights: 'SendAs', mailbox: 'Pharmacy Team', fromSendOnBehalfColumn: false }, ['send-as']],
    [{ accessRights: 'ReadPermission', mailbox: 'x', fromSendOnBehalfColumn: false }, []],
  ])('turns %j into %j', (fields, kinds) => {
    expect(accessKinds(fields)).toEqual(kinds);
  });

  it.each([
    // Exchange 2016 Get-MobileDevice and Get-MobileDeviceStatistics, saved as ASCII: § became ?.
    ['trust.local/Users/Jane Smith/ExchangeActiveSyncDevices/iPhone?ApplF17XK2', 'jane smith', 'trust.local/users/jane smith'],
    ['trust.local/Users/Jane Smith', 'jane smith', 'trust.local/users/jane smith'],
    ['Jane Smith\\ExchangeActiveSyncDevices\\REST?Outlook?4f2b', 'jane smith', null],
    ['TRUST\\jsmith\\ExchangeActiveSyncDevices\\Android?3C1F', 'jsmith', null],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c3301\\ExchangeActiveSyncDevices\\iPad?Appl9', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', null],
  ])('finds the mailbox part of the device identity %j', (raw, name, path) => {
    expect(deviceOwner(raw)).toEqual({ identity: { kind: 'mailbox-name', value: name }, path });
  });

  it('keeps an address that owns a device as an address', () => {
    expect(deviceOwner('Jane.Smith@Trust.nhs.uk')).toEqual({ identity: { kind: 'email', value: 'jane.smith@trust.nhs.uk' }, path: null });
  });

  it.each([
    ['trust.local/Users/Jane Smith', 'trust.local/users/jane smith'],
    ['CN=Jane Smith,CN=Users,DC=trust,DC=local', 'trust.local/users/jane smith'],
    ['CN=Smith\\, Jane,OU=Pharmacy,OU=Staff,DC=trust,DC=nhs,DC=uk', 'trust.nhs.uk/staff/pharmacy/smith, jane'],
    ['Jane Smith', undefined],
    ['/o=Trust/ou=Exchange Administrative Group/cn=Recipients/cn=jsmith', undefined],
  ])('reads the Identity path of a mailbox from %j', (raw, path) => {
    expect(mailboxPath(raw)).toBe(path);
  });
});
