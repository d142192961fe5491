import { normaliseColumnName } from './column-names.js';

/** How migration partners and administrators head the two columns of an address pairing. */
export const LOCAL_ADDRESS_HEADERS = [
  'LocalEmail',
  'LocalEmailAddress',
  'LocalAddress',
  'SourceEmail',
  'SourceEmailAddress',
  'SourceAddress',
  'SourceSmtpAddress',
  'OldEmail',
  'OldEmailAddress',
  'OldAddress',
  'CurrentEmail',
  'CurrentEmailAddress',
  'ExistingEmail',
  'PrimarySmtp',
  'PrimarySmtpAddress',
  'ExportEmailAddress',
];
export const NHSMAIL_ADDRESS_HEADERS = [
  'NHSmailAddress',
  'NHSmailEmail',
  'NHSmailEmailAddress',
  'NHS.net Address',
  'NHS.net Email',
  'NHSnetAddress',
  'NHSnetEmail',
  'TargetEmail',
  'TargetEmailAddress',
  'TargetAddress',
  'TargetSmtpAddress',
  'DestinationEmail',
  'DestinationEmailAddress',
  'DestinationAddress',
  'NewEmail',
  'NewEmailAddress',
  'NewAddress',
  'ImportEmailAddress',
];
/** Normalised header pairs that mark a file as an address map. */
export const ADDRESS_MAP_SIGNATURES = LOCAL_ADDRESS_HEADERS.flatMap((local) =>
  NHSMAIL_ADDRESS_HEADERS.map((nhsmail) => [normaliseColumnName(local), normaliseColumnName(nhsmail)]),
);
