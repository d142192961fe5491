/** Each wave's results: attempts, carry-overs and the acceptance of those left. */
export interface ResultsTables {
  migration_attempts: MigrationAttemptsTable;
  wave_carry_overs: WaveCarryOversTable;
  remainder_acceptances: RemainderAcceptancesTable;
}

/** The latest result of a person's move in one wave, as the migration-status imports gave it. */
export interface MigrationAttemptsTable {
  org_id: string;
  person_email: string;
  wave_name: string;
  outcome: string;
  raw_status: string;
  recorded_at: string;
}

/** A person whose move failed, moved into a later wave. */
export interface WaveCarryOversTable {
  org_id: string;
  person_email: string;
  from_wave: string;
  to_wave: string;
  carried_at: string;
  carried_by: string;
}

/** The programme board's acceptance that the people still unmoved will not move. */
export interface RemainderAcceptancesTable {
  org_id: string;
  accepted_at: string;
  accepted_by: string;
  people: number;
  reason: string | null;
}
