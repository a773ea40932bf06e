// Sessions whose access token and refresh token have both expired can never be used again; keeping
// them only keeps secrets around. This is cross-shop housekeeping, so it is the one query here that
// is deliberately not scoped to a single shop.
import type { Db } from "../db.server";

export async function purgeExpiredSessions({ db, now = new Date() }: { db: Db; now?: Date }) {
  const { count } = await db.session.deleteMany({
    where: {
      expires: { lt: now },
      OR: [{ refreshTokenExpires: null }, { refreshTokenExpires: { lt: now } }],
    },
  });
  return { deleted: count };
}
