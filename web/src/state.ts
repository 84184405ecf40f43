import type { Session } from './api';

/** The signed-in session, or null. Set by the login page and by the start-up session check. */
export const state: { session: Session | null } = { session: null };
