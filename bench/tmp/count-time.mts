import { openSqliteStore } from '/work/main/src/store/open-sqlite-store.js';
import { summariseAudiences } from '/work/main/src/audiences/manage-audiences.js';
import { typedSettings } from '/work/main/src/settings/typed-settings.js';
const dbPath = process.argv[2] as string;
const store = await openSqliteStore(dbPath, { create: false });
const org = (await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
const reading = { orgId: org, settings: typedSettings({}), now: new Date() };
for (let i = 0; i < 4; i++) { const t = performance.now(); await summariseAudiences(store, reading); console.log(((performance.now() - t) / 1000).toFixed(2)); }
await store.close();
