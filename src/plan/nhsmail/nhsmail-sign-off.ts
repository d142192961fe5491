/** The line on getting help and the sign-off that end most of the NHSmail plan's emails. */
export const SIGN_OFF = `Thank you,
((sender name))`;

export const HELP = `If you have any questions, call the IT helpdesk on ((helpdesk phone)) or email ((helpdesk email)).`;
