// Reading an open response union by its tag, the way a TypeScript user reads any discriminated
// union: `if`, `switch` and `?:` on `session.type` give the variant's own type, and a session type
// from a newer server is what is left in the `else`/`default` branch. Compiled twice by the test:
// with the consumer's settings (`strict`, the other defaults) and with exactOptionalPropertyTypes.
import type { UnknownTag } from 'realtime-shapes';
import {
  type ClientSecretSession,
  type ClientSecretSessionUnknown,
  type RealtimeSessionCreateResponse,
  type RealtimeTranscriptionSessionCreateResponse,
  isKnownClientSecretSession,
} from 'realtime-shapes/openai';

/** `if`: the branch reads the realtime session's own properties, typed as the schema says. */
export function modelOf(session: ClientSecretSession): string | undefined {
  if (session.type === 'realtime') {
    const model: string | undefined = session.model;
    return model;
  }
  // what is left: the transcription session, or one from a newer server
  const rest: RealtimeTranscriptionSessionCreateResponse | ClientSecretSessionUnknown = session;
  return rest.type === 'transcription' ? undefined : `(a ${String(rest.type)} session has no model)`;
}

/** `?:` narrows the same way. */
export const instructionsOf = (session: ClientSecretSession): string | undefined =>
  session.type === 'realtime' ? session.instructions : undefined;

/**
 * An exhaustive `switch`: each known tag has its case, a newer session is the `default`, and the
 * `never` line fails to compile if a variant added to the package is left without a case.
 */
export function describe(session: ClientSecretSession): string {
  switch (session.type) {
    case 'realtime': {
      const realtime: RealtimeSessionCreateResponse = session;
      return `realtime ${realtime.id} on ${realtime.model ?? 'the default model'}`;
    }
    case 'transcription':
      return `transcription ${session.id} (${session.object})`;
    default: {
      if (isKnownClientSecretSession(session)) {
        const unhandled: never = session;
        return unhandled;
      }
      // a session type this package does not know: kept whole, its tag still a string
      const newer: ClientSecretSessionUnknown = session;
      const tag: UnknownTag = newer.type;
      const spelled: string = tag;
      return `a newer ${spelled} session with ${Object.keys(newer).length} properties`;
    }
  }
}

/** The guard still sorts known from unknown, and a `switch` on a known session needs no default. */
export function isRealtime(session: ClientSecretSession): boolean {
  if (!isKnownClientSecretSession(session)) return false;
  switch (session.type) {
    case 'realtime':
      return true;
    case 'transcription':
      return false;
  }
}
