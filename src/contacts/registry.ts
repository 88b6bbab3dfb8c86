import { InstanceChecker, type DataSource, type EntityManager } from 'typeorm';
import type { CompanyFacts, RegistryFacts } from './facts';
import { buildRegistryIndex, type RegistryIndex, type RegistrySnapshot } from './registry-index';

/**
 * What matchSender needs to know about sender addresses, from an in-memory copy of the
 * registry kept per DataSource. The registry is small and changes rarely; every change bumps
 * registry_generation in the same transaction (migration RegistryGeneration1765100000000), so
 * each lookup costs one statement — reading the generation — and the copy is loaded again, in
 * one statement, only when the generation has moved.
 *
 * Inside a transaction (an EntityManager with an active transaction) the generation is read
 * through that transaction: when it has changed the registry, it sees its own uncommitted
 * generation and gets a copy loaded through it, which is never shared with other callers.
 */
export async function registryFactsFor(db: DataSource | EntityManager, address: string): Promise<RegistryFacts> {
  return (await registryIndex(db)).factsFor(address);
}

/** registryFactsFor for a batch of addresses, with one generation check for all of them. */
export async function registryFactsForMany(db: DataSource | EntityManager, addresses: string[]): Promise<Map<string, RegistryFacts>> {
  const out = new Map<string, RegistryFacts>();
  if (!addresses.length) return out;
  const index = await registryIndex(db);
  for (const a of addresses) if (!out.has(a)) out.set(a, index.factsFor(a));
  return out;
}

interface Loaded {
  /** registry_generation.n as text (bigint); null when the row is missing: then never cached. */
  generation: string | null;
  index: RegistryIndex;
}

interface CacheState {
  current?: Loaded & { generation: string };
  /** A load outside any transaction in flight, shared by the callers that missed meanwhile. */
  loading?: { generation: string; promise: Promise<RegistryIndex> };
}

const caches = new WeakMap<DataSource, CacheState>();

async function registryIndex(db: DataSource | EntityManager): Promise<RegistryIndex> {
  const dataSource = InstanceChecker.isDataSource(db) ? db : db.dataSource;
  const inTransaction = !InstanceChecker.isDataSource(db) && !!db.queryRunner?.isTransactionActive;
  let state = caches.get(dataSource);
  if (!state) caches.set(dataSource, (state = {}));

  const [{ n }]: { n: string | null }[] = await db.query(`SELECT (SELECT n::text FROM registry_generation WHERE id = 1) AS n`);
  if (n !== null && state.current?.generation === n) return state.current.index;
  // In a transaction the generation read may be its own, uncommitted one: load through the
  // transaction and keep that copy to this call. So too when the generation row is missing.
  if (inTransaction || n === null) return (await loadRegistry(db)).index;

  if (state.loading?.generation !== n) {
    const s = state;
    const loading = {
      generation: n,
      promise: loadRegistry(db).then((loaded) => {
        if (loaded.generation !== null && (!s.current || BigInt(loaded.generation) >= BigInt(s.current.generation))) {
          s.current = { generation: loaded.generation, index: loaded.index };
        }
        return loaded.index;
      }),
    };
    s.loading = loading;
    // Forget the in-flight load once settled (a failed one too, so the next call tries again).
    const forget = () => {
      if (s.loading === loading) s.loading = undefined;
    };
    loading.promise.then(forget, forget);
  }
  return state.loading!.promise;
}

/**
 * The generation and the whole registry in one statement, so both come from one snapshot:
 * the data is exactly the data of that generation.
 */
async function loadRegistry(db: DataSource | EntityManager): Promise<Loaded> {
  const [row]: ({ generation: string | null } & RegistrySnapshot)[] = await db.query(`
    SELECT
      (SELECT n::text FROM registry_generation WHERE id = 1) AS generation,
      (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'domains', c.domains) ORDER BY c.id), '[]')
         FROM companies c) AS companies,
      (SELECT coalesce(json_agg(json_build_object(
                'companyId', a.company_id, 'kind', a.kind,
                'validFrom', to_char(a.valid_from, 'YYYY-MM-DD'), 'validTo', to_char(a.valid_to, 'YYYY-MM-DD')) ORDER BY a.id), '[]')
         FROM agreements a) AS agreements,
      (SELECT coalesce(json_agg(json_build_object(
                'id', x.id, 'name', x.name, 'companyId', x.company_id, 'addresses', x.addresses, 'listedAddress', x.listed) ORDER BY x.id), '[]')
         FROM (SELECT sc.id, sc.name, sc.company_id, array_agg(ca.address ORDER BY ca.address) AS addresses, min(ca.address) AS listed
                 FROM support_contacts sc JOIN contact_addresses ca ON ca.contact_id = sc.id
                GROUP BY sc.id) x) AS contacts`);
  return { generation: row.generation, index: buildRegistryIndex(row) };
}

export async function companyFacts(db: DataSource | EntityManager, ids: number[]): Promise<Map<number, CompanyFacts>> {
  const out = new Map<number, CompanyFacts>();
  if (!ids.length) return out;
  const rows = await db.query(`SELECT id, name FROM companies WHERE id = ANY($1)`, [ids]);
  for (const r of rows) out.set(r.id, { id: r.id, name: r.name, agreements: [], contacts: [] });
  const agreements = await db.query(
    `SELECT company_id, kind, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
       FROM agreements WHERE company_id = ANY($1)`,
    [ids],
  );
  for (const a of agreements) out.get(a.company_id)?.agreements.push({ kind: a.kind, validFrom: a.validFrom, validTo: a.validTo });
  const contacts = await db.query(
    `SELECT sc.company_id, sc.name, min(ca.address) AS address
       FROM support_contacts sc JOIN contact_addresses ca ON ca.contact_id = sc.id
      WHERE sc.company_id = ANY($1) GROUP BY sc.id ORDER BY sc.id`,
    [ids],
  );
  for (const c of contacts) out.get(c.company_id)?.contacts.push({ name: c.name, address: c.address });
  return out;
}
