/** The UK nations whose bank holidays differ; an organisation works to one of them. */
export const NATIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof NATIONS)[number];

/** The organisation a workspace plans for; every table carries its id. */
export interface Organisation {
  id: string;
  name: string;
  nation: Nation;
  /** YYYY-MM-DD */
  programmeStart: string;
  planId: string;
}
