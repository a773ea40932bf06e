// Sessions whose access token and refresh token have both expired can never be used again; keeping
// them only keeps secrets around. This is cross-shop housekeeping, so it is the one query here that
// is deliberately not scoped to a single shop.
//
// Online sessions are the exception: they expire a day after a staff member opened the app, but their
// row is how the app knows that staff member's name (the staff directory). Their expired token is
// cleared at once; the row goes when the staff member has not opened the app for
// STAFF_DIRECTORY_DAYS (or with the shop).
import type { Db } from "../db.server";

/** How long a staff member stays in the shop's directory after their last visit. */
export const STAFF_DIRECTORY_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export async function purgeExpiredSessions({ db, now = new Date() }: { db: Db; now?: Date }) {
  const staffDirectoryCutoff = new Date(now.getTime() - STAFF_DIRECTORY_DAYS * DAY_MS);
  const [offline, online, cleared] = await db.$transaction([
    db.session.deleteMany({
      where: {
        isOnline: false,
        expires: { lt: now },
        OR: [{ refreshTokenExpires: null }, { refreshTokenExpires: { lt: now } }],
      },
    }),
    db.session.deleteMany({ where: { isOnline: true, expires: { lt: staffDirectoryCutoff } } }),
    db.session.updateMany({ where: { isOnline: true, expires: { lt: now }, NOT: { accessToken: "" } }, data: { accessToken: "" } }),
  ]);
  return { deleted: offline.count + online.count, tokensCleared: cleared.count };
}
