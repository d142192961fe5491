import { describe, expect, it } from 'vitest';
import { describeGroupsAndRights, rightName } from './import-details.js';

describe('what an import says about groups and rights', () => {
  it.each([
    ['full-access', 'full access'],
    ['send-as', 'send as'],
    ['send-on-behalf', 'send on behalf'],
    ['calendar:limiteddetails', 'calendar sharing: LimitedDetails'],
    ['calendar:availabilityonly', 'calendar sharing: AvailabilityOnly'],
    ['inbox:reviewer', 'inbox sharing: Reviewer'],
    ['calendar:createitems', 'calendar sharing: createitems'],
  ])('calls %s "%s"', (kind, name) => {
    expect(rightName(kind)).toBe(name);
  });

  it('lists rights by kind under their own heading, mailbox-wide rights first, with the grants to groups', () => {
    const lines = describeGroupsAndRights({
      kind: 'permissions',
      access: {
        byKind: { 'calendar:editor': 2, 'send-as': 1, 'full-access': 3, 'calendar:availabilityonly': 4 },
        toGroups: 2,
        toGroupsByKind: { 'full-access': 2 },
      },
    });
    expect(lines).toEqual([
      'Rights by kind:',
      '  full access: 3 (2 held by groups)',
      '  send as: 1',
      '  calendar sharing: AvailabilityOnly: 4',
      '  calendar sharing: Editor: 2',
      '2 rights are held by groups: their imported members count as holding them.',
    ]);
  });

  it.each([
    [{ kind: 'mailboxes' as const, groups: { groups: 1, nestedGroups: 0 } }, '1 row was a group, kept apart from the mailboxes.'],
    [{ kind: 'group-members' as const, groups: { groups: 12, nestedGroups: 2 } }, '12 groups in this file; 2 members were groups'],
  ])('describes the groups of %j', (result, start) => {
    expect(describeGroupsAndRights(result)[0]).toContain(start);
  });

  it('says nothing about a file with neither', () => {
    expect(describeGroupsAndRights({ kind: 'people' })).toEqual([]);
  });
});
