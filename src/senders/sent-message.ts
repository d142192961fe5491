/**
 * What a sender sent at one moment (milliseconds since 1970): to how many recipients, and in how
 * many messages (one unless the store grouped several sent within the same second; the group
 * takes the time of its last message, so it leaves the windows no earlier than its messages do).
 */
export interface SentMessage {
  at: number;
  recipients: number;
  messages?: number;
}
