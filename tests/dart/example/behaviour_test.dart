// The wire behaviour of the generated package, as Dart tests (package:test). There is no Dart SDK
// on these machines: this file is parsed and checked with the package by tests/dart (names,
// calls, parameters), and runs where an SDK is installed:
//
//   cp tests/dart/example/behaviour_test.dart generated/dart/test/
//   cd generated/dart && dart pub add --dev test && dart test

import 'dart:convert' show jsonDecode, jsonEncode;

import 'package:realtime_shapes/realtime_shapes.dart';
import 'package:realtime_shapes/src/runtime.dart' show readInt;
import 'package:test/test.dart';

Map<String, Object?> decode(String text) => jsonDecode(text) as Map<String, Object?>;

void main() {
  group('strict reading', () {
    test('an integer field rejects a string and accepts a whole double', () {
      expect(() => readInt('4096', '/max_output_tokens'), throwsA(isA<ShapeFormatException>()));
      expect(readInt(600.0, '/max_output_tokens'), equals(600));
    });

    test('a structural error carries the JSON pointer of the value', () {
      try {
        RealtimeSessionToken.fromJson(decode('{"token":"t","sessionId":1,"compartmentId":"c"}'));
        fail('a number is not a string');
      } on ShapeFormatException catch (error) {
        expect(error.pointer, equals('/sessionId'));
      }
    });

    test('a closed request rejects a property it does not define', () {
      expect(() => RealtimeSessionCreateRequest.fromJson(decode('{"type":"realtime","surprise":1}')),
          throwsA(isA<ShapeFormatException>()));
    });
  });

  group('exact serialisation', () {
    test('unset fields are left out and an explicit null is kept', () {
      final request = RealtimeSessionCreateRequest.fromJson(decode('{"type":"realtime","tracing":null}'));
      expect(request.tracing, equals(const Present<Tracing>(null)));
      expect(request.toJson(), equals({'type': 'realtime', 'tracing': null}));
    });

    test('unknown response properties are kept and written back', () {
      const text = '{"token":"t","sessionId":"s","compartmentId":"c","future":{"a":[1,null]}}';
      final token = RealtimeSessionToken.fromJson(decode(text));
      expect(token.unknownProperties, equals({'future': {'a': [1, null]}}));
      expect(token.toJson(), equals(decode(text)));
    });

    test('an unknown tool type in a response is kept as the unknown variant', () {
      final tool = ToolResponse.fromJson(decode('{"type":"web_search","filters":{"x":1}}'));
      expect(tool, isA<ToolResponseUnknown>());
      expect(tool.toJson(), equals({'type': 'web_search', 'filters': {'x': 1}}));
    });

    test('an unknown tool type in a request is rejected', () {
      expect(() => Tool.fromJson(decode('{"type":"web_search"}')), throwsA(isA<ShapeFormatException>()));
    });
  });

  group('values', () {
    test('equality is deep over lists and maps', () {
      const a = RealtimeSessionToken(token: 't', sessionId: 's', compartmentId: 'c', freeformTags: {'k': 'v'});
      final b = RealtimeSessionToken.fromJson(decode(jsonEncode(a.toJson())));
      expect(b, equals(a));
      expect(b.hashCode, equals(a.hashCode));
    });

    test('toString never prints a secret, the wire keeps it', () {
      const token = RealtimeSessionToken(token: 'jwt-secret', sessionId: 's', compartmentId: 'c');
      expect(token.toString(), isNot(contains('jwt-secret')));
      expect(token.toJson()['token'], equals('jwt-secret'));
    });

    test('copyWith can clear a field', () {
      const token = RealtimeSessionToken(token: 't', sessionId: 's', compartmentId: 'c', freeformTags: {'k': 'v'});
      expect(token.copyWith(freeformTags: () => null).toJson().containsKey('freeformTags'), isFalse);
    });

    test('"inf" | integer reads each branch', () {
      expect(MaxOutputTokens.fromJson('inf'), equals(const MaxOutputTokensInf()));
      expect(MaxOutputTokens.fromJson(600.0), equals(const MaxOutputTokensInteger(600)));
    });

    test('a default is given by its getter when the field is absent, and never written', () {
      const request = RealtimeSessionCreateRequest();
      expect(request.maxOutputTokensOrDefault, equals(const MaxOutputTokensInf()));
      expect(request.toJson().containsKey('max_output_tokens'), isFalse);
    });

    test('an open enum keeps a value it does not know', () {
      final voice = VoiceId.fromJson('nova-2');
      expect(voice.isKnown, isFalse);
      expect(voice.toJson(), equals('nova-2'));
      expect(VoiceId.fromJson('alloy'), equals(VoiceId.alloy));
    });
  });

  group('validate', () {
    test('every constraint error comes with its JSON pointer', () {
      const request = RealtimeSessionCreateRequest(maxOutputTokens: MaxOutputTokensInteger(5000));
      expect(request.validate().map((e) => e.pointer), equals(['/max_output_tokens']));
    });

    test('patterns are ECMA-262: a trailing newline does not match', () {
      const tool = McpTool(serverLabel: 'l', tunnelId: 'tunnel_abcdefghijklmnopqrstuvwxyz012345\n');
      expect(tool.validate().map((e) => e.pointer), equals(['/tunnel_id']));
    });
  });
}
