// What every generated library of this package shares: strict JSON reading that reports a JSON
// pointer, constraint checks, deep equality, and the three-state [Present] wrapper.
//
// Copied unchanged by shapegen from templates/dart/runtime/runtime.dart: do not edit the copy.
// ignore_for_file: type=lint

import 'dart:convert' show jsonEncode;

import 'package:collection/collection.dart' show DeepCollectionEquality;
import 'package:meta/meta.dart' show immutable;

/// A value this package can write as JSON: every generated class, enum and union.
abstract interface class JsonValue {
  /// The JSON value (maps, lists, strings, numbers, booleans and null) this value is written as.
  Object? toJson();
}

/// Thrown by `fromJson` when a JSON value does not have a shape's structure: a wrong JSON type, a
/// missing required property, an unknown property of a closed object, an unknown enum value or
/// union tag. [pointer] is the JSON pointer of the offending value ("" for the document).
class ShapeFormatException extends FormatException {
  ShapeFormatException(this.pointer, String message) : super(message);

  /// The JSON pointer (RFC 6901) of the value that was rejected.
  final String pointer;

  @override
  String toString() => 'ShapeFormatException: ${pointer.isEmpty ? '(root)' : pointer}: $message';
}

/// One constraint a value breaks, found by `validate()`.
@immutable
final class ValidationError {
  const ValidationError(this.pointer, this.message);

  /// The JSON pointer (RFC 6901) of the value that breaks the constraint.
  final String pointer;

  /// What is wrong, in words.
  final String message;

  @override
  bool operator ==(Object other) => other is ValidationError && other.pointer == pointer && other.message == message;

  @override
  int get hashCode => Object.hash(pointer, message);

  @override
  String toString() => '${pointer.isEmpty ? '(root)' : pointer}: $message';
}

/// A property that is present on the wire, with a value or an explicit JSON `null`.
///
/// Optional nullable properties have three states, and a field of type `Present<T>?` holds them:
/// `null` (the Dart null) means absent, never written; `Present(null)` is an explicit JSON `null`;
/// `Present(value)` is a value.
@immutable
final class Present<T> {
  const Present(this.value);

  /// The value, or null for an explicit JSON `null`.
  final T? value;

  /// Whether this is an explicit JSON `null`.
  bool get isNull => value == null;

  @override
  bool operator ==(Object other) => other is Present && deepEquals(other.value, value);

  @override
  int get hashCode => deepHash(value);

  @override
  String toString() => 'Present($value)';
}

// ---------------------------------------------------------------- reading

/// Reads a JSON value at a JSON pointer, or throws [ShapeFormatException].
typedef Reader<T> = T Function(Object? json, String pointer);

/// Adds every constraint a value at a JSON pointer breaks to a list.
typedef Checker<T> = void Function(T value, String pointer, List<ValidationError> errors);

const DeepCollectionEquality _equality = DeepCollectionEquality();

/// Deep equality over lists and maps (element by element, key by key); `==` for anything else.
bool deepEquals(Object? a, Object? b) => _equality.equals(a, b);

/// A hash code consistent with [deepEquals].
int deepHash(Object? value) => _equality.hash(value);

/// The JSON pointer of [key] (a property name or an array index) inside [pointer].
String pointerTo(String pointer, Object key) => '$pointer/${'$key'.replaceAll('~', '~0').replaceAll('/', '~1')}';

String _describe(Object? json) {
  if (json == null) return 'null';
  if (json is bool) return 'a boolean';
  if (json is int) return 'an integer';
  if (json is double) return 'a number';
  if (json is String) return 'a string';
  if (json is List) return 'an array';
  if (json is Map) return 'an object';
  return 'a ${json.runtimeType}, which is not JSON';
}

Never _expected(Object? json, String pointer, String expected) =>
    throw ShapeFormatException(pointer, 'expected $expected, got ${_describe(json)}');

/// A JSON string.
String readString(Object? json, String pointer) => json is String ? json : _expected(json, pointer, 'a string');

/// A JSON boolean.
bool readBool(Object? json, String pointer) => json is bool ? json : _expected(json, pointer, 'a boolean');

/// A JSON integer: an int, or a double with no fractional part (`600.0` is the integer 600, as
/// JSON Schema says); a string such as `"4096"` is rejected.
int readInt(Object? json, String pointer) {
  if (json is int) return json;
  if (json is double && json.isFinite && json == json.truncateToDouble()) return json.toInt();
  return _expected(json, pointer, 'an integer');
}

/// A JSON number.
double readDouble(Object? json, String pointer) => json is num ? json.toDouble() : _expected(json, pointer, 'a number');

/// Any JSON value, kept as it is.
Object? readAny(Object? json, String pointer) => json;

/// Exactly [value] (a `const` of the schema).
T readConst<T extends Object>(Object? json, String pointer, T value) {
  if (json == value) return value;
  throw ShapeFormatException(pointer, 'expected ${jsonEncode(value)}, got ${_describeValue(json)}');
}

/// Exactly [value], read as [result] (a union variant that is a constant).
R readConstAs<R>(Object? json, String pointer, Object value, R result) {
  readConst(json, pointer, value);
  return result;
}

String _describeValue(Object? json) =>
    json == null || json is bool || json is num || json is String ? jsonEncode(json) : _describe(json);

/// A JSON object, with string keys.
Map<String, Object?> readObject(Object? json, String pointer) {
  if (json is Map<String, Object?>) return json;
  if (json is Map) {
    final out = <String, Object?>{};
    for (final entry in json.entries) {
      final key = entry.key;
      if (key is! String) throw ShapeFormatException(pointer, 'expected an object, got a map with a non-string key');
      out[key] = entry.value;
    }
    return out;
  }
  return _expected(json, pointer, 'an object');
}

/// A JSON array whose items are read by [item].
List<T> readList<T>(Object? json, String pointer, Reader<T> item) {
  if (json is! List) return _expected(json, pointer, 'an array');
  return List<T>.unmodifiable(<T>[for (var i = 0; i < json.length; i++) item(json[i], pointerTo(pointer, i))]);
}

/// A JSON object used as a map, whose values are read by [value].
Map<String, T> readMap<T>(Object? json, String pointer, Reader<T> value) {
  final map = readObject(json, pointer);
  return Map<String, T>.unmodifiable(<String, T>{
    for (final entry in map.entries) entry.key: value(entry.value, pointerTo(pointer, entry.key)),
  });
}

/// [read], or JSON `null`.
Reader<T?> nullable<T>(Reader<T> read) => (json, pointer) => json == null ? null : read(json, pointer);

/// One of [values], by its JSON value (a closed enum).
T readOneOf<T extends JsonValue>(Object? json, String pointer, List<T> values) {
  final text = readString(json, pointer);
  for (final value in values) {
    if (value.toJson() == text) return value;
  }
  throw ShapeFormatException(
      pointer, 'expected one of ${values.map((v) => jsonEncode(v.toJson())).join(', ')}, got ${jsonEncode(text)}');
}

/// A required property: missing is an error.
T readField<T>(Map<String, Object?> map, String key, String pointer, Reader<T> read) {
  if (!map.containsKey(key)) throw ShapeFormatException(pointer, 'missing required property ${jsonEncode(key)}');
  return read(map[key], pointerTo(pointer, key));
}

/// An optional property that is not nullable: absent is null, an explicit `null` is an error.
T? readOptionalField<T>(Map<String, Object?> map, String key, String pointer, Reader<T> read) =>
    map.containsKey(key) ? read(map[key], pointerTo(pointer, key)) : null;

/// An optional nullable property: absent is null, an explicit `null` is `Present(null)`.
Present<T>? readPresentField<T>(Map<String, Object?> map, String key, String pointer, Reader<T> read) {
  if (!map.containsKey(key)) return null;
  final json = map[key];
  return Present<T>(json == null ? null : read(json, pointerTo(pointer, key)));
}

/// Rejects the properties of a closed object that it does not define.
void rejectUnknown(Map<String, Object?> map, String pointer, Set<String> known) {
  for (final key in map.keys) {
    if (!known.contains(key)) throw ShapeFormatException(pointerTo(pointer, key), 'unknown property ${jsonEncode(key)}');
  }
}

/// The properties of an open object that it does not define, kept to be written back.
Map<String, Object?> unknownOf(Map<String, Object?> map, Set<String> known) => Map<String, Object?>.unmodifiable(
    <String, Object?>{for (final entry in map.entries) if (!known.contains(entry.key)) entry.key: entry.value});

/// The tag of a tagged union: a required string property.
String readTag(Map<String, Object?> map, String pointer, String tag) => readField(map, tag, pointer, readString);

/// The error for a tag that is none of [known] in a closed union.
ShapeFormatException unknownTag(String pointer, String tag, String value, List<String> known) => ShapeFormatException(
    pointerTo(pointer, tag), 'expected one of ${known.map(jsonEncode).join(', ')}, got ${jsonEncode(value)}');

/// The JSON type of a decoded value, as JSON Schema names it: a number with no fractional part
/// is an "integer" (`600.0` too), any other number a "number".
String jsonType(Object? json) {
  if (json == null) return 'null';
  if (json is bool) return 'boolean';
  if (json is int) return 'integer';
  if (json is double) return json.isFinite && json == json.truncateToDouble() ? 'integer' : 'number';
  if (json is String) return 'string';
  if (json is List) return 'array';
  if (json is Map) return 'object';
  throw ShapeFormatException('', 'expected a JSON value, got ${_describe(json)}');
}

/// The error for a value of an untagged union whose JSON type no variant has.
ShapeFormatException noVariant(String pointer, String type, List<String> expected) =>
    ShapeFormatException(pointer, 'expected ${expected.join(' or ')}, got ${type == 'null' ? 'null' : 'a JSON $type'}');

/// The variant of an untagged union that [json] is: every reader is tried; when more than one
/// accepts the value, the ones whose value is valid (`validate()` is empty) are preferred, and for
/// an exclusive union (`oneOf`) two valid readings are an error. A non-exclusive union (`anyOf`)
/// takes the first.
T pickVariant<T>(
  Object? json,
  String pointer,
  List<Reader<T>> readers, {
  required bool exclusive,
  required List<ValidationError> Function(T value) validate,
}) {
  final read = <T>[];
  final failures = <String>[];
  for (final reader in readers) {
    try {
      read.add(reader(json, pointer));
    } on ShapeFormatException catch (error) {
      failures.add('${error.pointer.isEmpty ? '(root)' : error.pointer}: ${error.message}');
    }
  }
  if (read.isEmpty) throw ShapeFormatException(pointer, 'matches none of the variants (${failures.join('; ')})');
  if (read.length == 1) return read.first;
  final valid = read.where((value) => validate(value).isEmpty).toList();
  if (exclusive && valid.length > 1) throw ShapeFormatException(pointer, 'matches more than one variant');
  return valid.isNotEmpty ? valid.first : read.first;
}

// ---------------------------------------------------------------- writing

/// The JSON of [value]: [JsonValue]s by their `toJson()`, lists and maps item by item.
Object? writeJson(Object? value) {
  if (value is JsonValue) return value.toJson();
  if (value is List) return <Object?>[for (final item in value) writeJson(item)];
  if (value is Map) return <String, Object?>{for (final entry in value.entries) '${entry.key}': writeJson(entry.value)};
  return value;
}

// ---------------------------------------------------------------- checking

/// Runs [checker] on [value] unless it is null.
void check<T>(T? value, String pointer, List<ValidationError> errors, Checker<T> checker) {
  if (value != null) checker(value, pointer, errors);
}

final Map<String, RegExp> _patterns = <String, RegExp>{};

/// The ECMA-262 regular expression [source], compiled once, with Unicode semantics.
RegExp pattern(String source) => _patterns.putIfAbsent(source, () => RegExp(source, unicode: true));

/// The checks of a string: lengths in Unicode code points, and a pattern that must match
/// somewhere in the string (JSON Schema's `pattern` is not anchored).
Checker<String> stringChecker({int? minLength, int? maxLength, String? pattern}) => (value, pointer, errors) {
      final length = value.runes.length;
      if (minLength != null && length < minLength) {
        errors.add(ValidationError(pointer, 'shorter than $minLength characters'));
      }
      if (maxLength != null && length > maxLength) {
        errors.add(ValidationError(pointer, 'longer than $maxLength characters'));
      }
      if (pattern != null && !_patternOf(pattern).hasMatch(value)) {
        errors.add(ValidationError(pointer, 'does not match the pattern ${jsonEncode(pattern)}'));
      }
    };

RegExp _patternOf(String source) => pattern(source);

/// The checks of a number.
Checker<num> numChecker({num? minimum, num? maximum, num? exclusiveMinimum, num? exclusiveMaximum, num? multipleOf}) =>
    (value, pointer, errors) {
      if (minimum != null && value < minimum) errors.add(ValidationError(pointer, 'less than $minimum'));
      if (maximum != null && value > maximum) errors.add(ValidationError(pointer, 'greater than $maximum'));
      if (exclusiveMinimum != null && value <= exclusiveMinimum) {
        errors.add(ValidationError(pointer, 'not greater than $exclusiveMinimum'));
      }
      if (exclusiveMaximum != null && value >= exclusiveMaximum) {
        errors.add(ValidationError(pointer, 'not less than $exclusiveMaximum'));
      }
      if (multipleOf != null && !_isMultiple(value, multipleOf)) {
        errors.add(ValidationError(pointer, 'not a multiple of $multipleOf'));
      }
    };

/// multipleOf, exact for decimal literals (0.0075 is a multiple of 0.0001, although the quotient
/// of the two doubles is not a whole number): both are scaled by the power of ten that makes
/// their shortest decimal forms whole, as the TypeScript runtime does.
bool _isMultiple(num value, num divisor) {
  if (value is int && divisor is int) return value % divisor == 0;
  final places = _decimals(value) > _decimals(divisor) ? _decimals(value) : _decimals(divisor);
  var scale = 1.0;
  for (var i = 0; i < places; i++) {
    scale *= 10;
  }
  final v = (value * scale).round();
  final b = (divisor * scale).round();
  const safe = 9007199254740991; // 2^53 - 1
  if (v.abs() <= safe && b.abs() <= safe && b != 0) return v % b == 0;
  final quotient = value / divisor;
  return quotient.isFinite && quotient == quotient.roundToDouble();
}

/// How many decimal places the shortest form of [x] has (`0.0075` has 4, `1e-7` has 7).
int _decimals(num x) {
  final parts = x.abs().toString().split('e');
  final mantissa = parts[0];
  final fraction = mantissa.contains('.') ? mantissa.substring(mantissa.indexOf('.') + 1) : '';
  final exponent = parts.length > 1 ? int.parse(parts[1]) : 0;
  final places = fraction.length - exponent;
  return places > 0 ? places : 0;
}

/// The checks of an array and, through [item], of each of its items.
Checker<List<T>> listChecker<T>(Checker<T>? item, {int? minItems, int? maxItems, bool uniqueItems = false}) =>
    (value, pointer, errors) {
      if (minItems != null && value.length < minItems) errors.add(ValidationError(pointer, 'fewer than $minItems items'));
      if (maxItems != null && value.length > maxItems) errors.add(ValidationError(pointer, 'more than $maxItems items'));
      if (uniqueItems) {
        for (var i = 0; i < value.length; i++) {
          for (var j = 0; j < i; j++) {
            if (deepEquals(writeJson(value[i]), writeJson(value[j]))) {
              errors.add(ValidationError(pointerTo(pointer, i), 'equal to item $j (items must be unique)'));
              break;
            }
          }
        }
      }
      if (item != null) {
        for (var i = 0; i < value.length; i++) {
          item(value[i], pointerTo(pointer, i), errors);
        }
      }
    };

/// The checks of a map and, through [item], of each of its values.
Checker<Map<String, T>> mapChecker<T>(Checker<T>? item, {int? minProperties, int? maxProperties}) =>
    (value, pointer, errors) {
      if (minProperties != null && value.length < minProperties) {
        errors.add(ValidationError(pointer, 'fewer than $minProperties properties'));
      }
      if (maxProperties != null && value.length > maxProperties) {
        errors.add(ValidationError(pointer, 'more than $maxProperties properties'));
      }
      if (item != null) {
        for (final entry in value.entries) {
          item(entry.value, pointerTo(pointer, entry.key), errors);
        }
      }
    };

/// [checker], skipping JSON `null`.
Checker<T?> nullableChecker<T>(Checker<T> checker) => (value, pointer, errors) {
      if (value != null) checker(value, pointer, errors);
    };

/// Every constraint error [run] finds, from the document's root.
List<ValidationError> collect(void Function(String pointer, List<ValidationError> errors) run) {
  final errors = <ValidationError>[];
  run('', errors);
  return List<ValidationError>.unmodifiable(errors);
}
