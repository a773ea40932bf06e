// Checkpoints of a customer erasure, kept on its privacy request (erasureProgress: JSON of batch
// numbers and counts, keyed by the subject's reference and the holder's name), so an erasure a
// killed worker left halfway resumes where it stopped and its receipt still counts everything.
import type { Db, Tx } from "../db.server";
import type { ErasureCheckpoint, ErasureProgress } from "./customer-data-holder.server";

type Checkpoints = Record<string, Record<string, ErasureCheckpoint>>;

const parse = (stored: string | null | undefined): Checkpoints => (stored ? (JSON.parse(stored) as Checkpoints) : {});

/** The progress of one holder's erasure of one subject of the request. */
export function requestErasureProgress({ db, requestId, subjectRef, holder }: { db: Db; requestId: string; subjectRef: string; holder: string }): ErasureProgress {
  const read = async (client: Db | Tx) =>
    parse((await client.privacyRequest.findUnique({ where: { id: requestId }, select: { erasureProgress: true } }))?.erasureProgress);
  return {
    load: async () => (await read(db))[subjectRef]?.[holder] ?? null,
    async save(tx, checkpoint) {
      const all = await read(tx);
      all[subjectRef] = { ...all[subjectRef], [holder]: checkpoint };
      await tx.privacyRequest.updateMany({ where: { id: requestId }, data: { erasureProgress: JSON.stringify(all) } });
    },
  };
}
