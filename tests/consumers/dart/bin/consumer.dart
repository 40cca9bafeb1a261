// A backend reading a minted ephemeral key, written the way openai_dart users write it. No Dart SDK
// is on these machines: tests/consumers/test_dart.py parses this file with tree-sitter-dart and
// checks the package names it uses exist.
import 'dart:convert';

import 'package:realtime_shapes/realtime_shapes.dart';

const reply = '{"value": "ek_consumer_secret_0001", "expires_at": 1756310470, '
    '"session": {"type": "realtime", "object": "realtime.session", "id": "sess_consumer", '
    '"model": "gpt-realtime", "audio": {"output": {"voice": "marin"}}}}';

void main() {
  final response = RealtimeClientSecretCreateResponse.fromJson(
      jsonDecode(reply) as Map<String, dynamic>);
  final session = response.session;
  if (session is RealtimeSessionCreateResponse) {
    print(session.model);
  }
  final again = RealtimeClientSecretCreateResponse.fromJson(
      jsonDecode(reply) as Map<String, dynamic>);
  assert(again == response);
  print(response); // the key reads <redacted>
  print(jsonEncode(response.toJson()));

  // Union values built by the constructor named after what they hold.
  const voice = Voice.id(VoiceId.marin);
  const choice = ToolChoice.mode(ToolChoiceMode.auto);
  const limit = MaxOutputTokens.integer(4096);
  const unlimited = MaxOutputTokens.inf();
  final output = AudioOutput(voice: voice);
  assert(limit != unlimited);
  print(jsonEncode(output.toJson()));

  // A response-side union reads the same way (here a reply a test expects).
  const truncation = TruncationResponse.mode(TruncationModeResponse.auto);
  const replied = ToolChoiceResponse.mode(ToolChoiceModeResponse.auto);
  if (session is RealtimeSessionCreateResponse) {
    print(session.truncation == truncation && session.toolChoice == replied);
  }

  // Change a field with a plain value; clear one with copyWithout.
  const request = RealtimeSessionCreateRequest(instructions: 'Be brief.', toolChoice: choice);
  final louder = request.copyWith(instructions: 'Speak up.', maxOutputTokens: limit);
  final plain = louder.copyWithout(instructions: true);
  assert(plain.instructions == null && plain.maxOutputTokens == limit);
}
