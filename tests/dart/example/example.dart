// How a Dart program uses the generated package: not run here (there is no Dart SDK on these
// machines), but parsed and checked with the package by tests/dart/test_compiler_checks.py.

import 'dart:convert' show jsonDecode, jsonEncode;

import 'package:realtime_shapes/realtime_shapes.dart';

/// What a server does with the body of POST /v1/realtime/client_secrets.
String describeSecret(String body) {
  final secret = RealtimeClientSecretCreateResponse.fromJson(jsonDecode(body) as Map<String, Object?>);
  // secret.toString() prints `value: <redacted>`; the wire keeps the real value
  final session = switch (secret.session) {
    RealtimeSessionCreateResponse(id: final id) => 'realtime session $id',
    RealtimeTranscriptionSessionCreateResponse() => 'transcription session',
    // a session type this package does not know yet: kept, and written back unchanged
    ClientSecretSessionUnknown(tag: final tag) => 'a $tag session',
  };
  return '$session until ${secret.expiresAt}';
}

/// `"inf" | integer` is a sealed type: the switch is exhaustive.
String describeLimit(MaxOutputTokens limit) => switch (limit) {
      MaxOutputTokensInteger(value: final n) => 'at most $n tokens',
      MaxOutputTokensInf() => 'no limit',
    };

/// Three states of an optional nullable field, and copyWith clearing a field.
RealtimeSessionCreateRequest withoutTracing(RealtimeSessionCreateRequest request) {
  final off = request.copyWith(tracing: () => const Present<Tracing>(null)); // writes "tracing": null
  final unset = off.copyWith(tracing: () => null); // leaves "tracing" out
  return unset.copyWith(maxOutputTokens: () => const MaxOutputTokensInf());
}

/// Building a request and checking its constraints before sending it.
String buildRequest() {
  const request = RealtimeSessionCreateRequest(
    instructions: 'Be brief.',
    maxOutputTokens: MaxOutputTokensInteger(5000),
    toolChoice: ToolChoiceToolChoiceMode(ToolChoiceMode.auto),
  );
  for (final error in request.validate()) {
    print(error); // /max_output_tokens: greater than 4096
  }
  return jsonEncode(request.toJson());
}

/// Open enums keep values this package does not know yet.
bool isKnownVoice(String wire) => VoiceId.fromJson(wire).isKnown;

/// A structural error carries the JSON pointer of the value.
String? rejectionOf(Map<String, Object?> json) {
  try {
    RealtimeSessionToken.fromJson(json);
    return null;
  } on ShapeFormatException catch (error) {
    return error.pointer;
  }
}
