// A browser app's backend minting an ephemeral key, written the way users of the OpenAI SDK write
// it, against the installed `realtime-shapes` package (from `npm pack`), under `strict` and the
// compiler's other defaults (no exactOptionalPropertyTypes).
import { ValidationError } from 'realtime-shapes';
import {
  type RealtimeClientSecretCreateRequest,
  type RealtimeClientSecretCreateResponse,
  type RealtimeSessionCreateRequest,
  isKnownClientSecretSession,
  isRealtimeClientSecretCreateRequest,
  parseRealtimeClientSecretCreateRequest,
  parseRealtimeClientSecretCreateResponse,
  redactRealtimeClientSecretCreateResponse,
} from 'realtime-shapes/openai';
import { describe, instructionsOf, isRealtime, modelOf } from './sessions.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`consumer check failed: ${what}`);
}

// 1. Build a request. An optional property may be spelled out as undefined.
const instructions: string | undefined = undefined;
const session: RealtimeSessionCreateRequest = {
  type: 'realtime',
  model: 'gpt-realtime',
  instructions,
  audio: { output: { voice: 'marin' } },
  max_output_tokens: 4096,
};
const request: RealtimeClientSecretCreateRequest = {
  expires_after: { anchor: 'created_at', seconds: 600 },
  session,
};

// 2. Send it: the body is JSON.stringify's; an undefined property is left out, and the checks agree.
const body = JSON.stringify(request);
check(!body.includes('instructions'), 'an undefined property is not sent');
check(isRealtimeClientSecretCreateRequest(request), 'the request passes its own check');
check(
  JSON.stringify(parseRealtimeClientSecretCreateRequest(request)) === body,
  'parsing the request gives back what is sent',
);

// 3. Read the response and narrow the session by its tag.
const reply = `{
  "value": "ek_consumer_secret_0001",
  "expires_at": 1756310470,
  "session": {
    "type": "realtime", "object": "realtime.session", "id": "sess_consumer",
    "model": "gpt-realtime", "instructions": "Be brief.",
    "audio": {"output": {"voice": "marin", "speed": 1.0}}
  }
}`;
const response: RealtimeClientSecretCreateResponse = parseRealtimeClientSecretCreateResponse(JSON.parse(reply));
if (response.session.type === 'realtime') {
  const model: string | undefined = response.session.model;
  check(model === 'gpt-realtime', 'narrowing by the tag gives the realtime session its own type');
}
check(modelOf(response.session) === 'gpt-realtime', 'an if on the tag narrows');
check(instructionsOf(response.session) === 'Be brief.', 'a conditional on the tag narrows');
check(describe(response.session) === 'realtime sess_consumer on gpt-realtime', 'a switch on the tag narrows');
check(isRealtime(response.session), 'the guard and a switch on a known session agree');

// 4. Change a field, the usual immutable way.
const quieter: RealtimeClientSecretCreateRequest = {
  ...request,
  session: { ...session, audio: { output: { voice: { id: 'voice_1234' } } } },
};
check(isRealtimeClientSecretCreateRequest(quieter), 'the changed request still passes');

// 5. Compare two values: the same JSON read twice serialises the same.
const again = parseRealtimeClientSecretCreateResponse(JSON.parse(reply));
check(JSON.stringify(again) === JSON.stringify(response), 'the same reply reads the same');

// 6. Log one: the key never reaches the log.
const logged = JSON.stringify(redactRealtimeClientSecretCreateResponse(response));
check(!logged.includes('ek_consumer_secret_0001'), 'the logged response hides the key');
console.log(logged);

// 7. A newer server: an unknown session type and an unknown voice are kept and sent back as they came.
const newer = parseRealtimeClientSecretCreateResponse({
  value: 'ek_consumer_secret_0002',
  expires_at: 1756310470,
  session: { type: 'realtime_v2', id: 'sess_new', object: 'realtime.session', memory: { turns: 12 } },
});
if (newer.session.type !== 'realtime' && newer.session.type !== 'transcription') {
  const tag: string = newer.session.type;
  check(tag === 'realtime_v2' && JSON.stringify(newer.session.memory) === '{"turns":12}', 'an unknown variant is kept');
}
check(!isKnownClientSecretSession(newer.session), 'the guard tells a newer session apart');
check(describe(newer.session) === 'a newer realtime_v2 session with 4 properties', 'a newer session is the default case');
check(modelOf(newer.session) === '(a realtime_v2 session has no model)', 'a newer session is in the else branch');
check(
  JSON.stringify(newer) ===
    '{"value":"ek_consumer_secret_0002","expires_at":1756310470,' +
      '"session":{"type":"realtime_v2","id":"sess_new","object":"realtime.session","memory":{"turns":12}}}',
  'a newer session is written back as it came',
);
const voice = parseRealtimeClientSecretCreateResponse(JSON.parse(reply.replace('"marin"', '"cedar_v2"')));
if (voice.session.type === 'realtime') check(JSON.stringify(voice).includes('cedar_v2'), 'an unknown voice is kept');

// Strict reading: a mistake is reported with its JSON pointer.
try {
  parseRealtimeClientSecretCreateRequest({ session: { type: 'realtime', max_output_tokens: 'lots' } });
  check(false, 'a wrong value is rejected');
} catch (error) {
  check(error instanceof ValidationError && error.pointer.startsWith('/session/max_output_tokens'), 'the pointer is given');
}
console.log('typescript consumer: ok');
