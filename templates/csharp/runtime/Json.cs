// Shapegen runtime: strict JSON reading and writing for the generated shapes. Copied unchanged
// into every generated project by shapegen; tested on its own (tests/csharp/runtime/).

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Shapegen.Runtime
{
    /// <summary>A payload that is not JSON, or not of the shape it is read as.</summary>
    public sealed class ShapeReadException : JsonSerializationException
    {
        public ShapeReadException(string pointer, string message)
            : base((pointer.Length == 0 ? "/" : pointer) + ": " + message)
        {
            Pointer = pointer.Length == 0 ? "/" : pointer;
            Reason = message;
        }

        /// <summary>The JSON pointer of the value that could not be read ("/" for the whole document).</summary>
        public string Pointer { get; private set; }

        /// <summary>What was wrong there.</summary>
        public string Reason { get; private set; }
    }

    /// <summary>
    /// Strict JSON: RFC 8259 text only (no comments, trailing commas, single quotes or NaN), and
    /// no coercion when a value is read as a type ("4096" is not an integer, 1 is not a string;
    /// 600.0 is the integer 600, as JSON Schema says).
    /// </summary>
    public static class Json
    {
        // ------------------------------------------------------------ parsing

        /// <summary>Parses RFC 8259 JSON text into a token tree. Duplicate keys: the last one wins.</summary>
        public static JToken Parse(string text)
        {
            var parser = new Parser(text);
            parser.SkipSpace();
            JToken value = parser.Value(0);
            parser.SkipSpace();
            if (parser.Position != text.Length)
            {
                throw parser.Fail("unexpected text after the JSON value");
            }
            return value;
        }

        private sealed class Parser
        {
            private const int MaxDepth = 512;
            private readonly string _text;
            public int Position;

            public Parser(string text)
            {
                _text = text;
            }

            public ShapeReadException Fail(string message)
            {
                int line = 1, column = 1;
                for (int i = 0; i < Position && i < _text.Length; i++)
                {
                    if (_text[i] == '\n') { line++; column = 1; } else { column++; }
                }
                return new ShapeReadException("", "not JSON: " + message + " at line " + line + ", column " + column);
            }

            public void SkipSpace()
            {
                while (Position < _text.Length)
                {
                    char c = _text[Position];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                    Position++;
                }
            }

            private char Peek()
            {
                if (Position >= _text.Length) throw Fail("unexpected end of input");
                return _text[Position];
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(_text, Position, word, 0, word.Length) != 0) throw Fail("invalid literal");
                Position += word.Length;
            }

            public JToken Value(int depth)
            {
                if (depth > MaxDepth) throw Fail("nested too deeply");
                char c = Peek();
                switch (c)
                {
                    case '{': return Object(depth);
                    case '[': return Array(depth);
                    case '"': return new JValue(String());
                    case 't': Expect("true"); return new JValue(true);
                    case 'f': Expect("false"); return new JValue(false);
                    case 'n': Expect("null"); return JValue.CreateNull();
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return Number();
                        throw Fail("unexpected character '" + c + "'");
                }
            }

            private JObject Object(int depth)
            {
                var result = new JObject();
                Position++;
                SkipSpace();
                if (Peek() == '}') { Position++; return result; }
                while (true)
                {
                    SkipSpace();
                    if (Peek() != '"') throw Fail("expected a property name");
                    string key = String();
                    SkipSpace();
                    if (Peek() != ':') throw Fail("expected ':'");
                    Position++;
                    SkipSpace();
                    result[key] = Value(depth + 1);
                    SkipSpace();
                    char c = Peek();
                    Position++;
                    if (c == '}') return result;
                    if (c != ',') { Position--; throw Fail("expected ',' or '}'"); }
                }
            }

            private JArray Array(int depth)
            {
                var result = new JArray();
                Position++;
                SkipSpace();
                if (Peek() == ']') { Position++; return result; }
                while (true)
                {
                    SkipSpace();
                    result.Add(Value(depth + 1));
                    SkipSpace();
                    char c = Peek();
                    Position++;
                    if (c == ']') return result;
                    if (c != ',') { Position--; throw Fail("expected ',' or ']'"); }
                }
            }

            private string String()
            {
                Position++;
                var sb = new StringBuilder();
                while (true)
                {
                    char c = Peek();
                    Position++;
                    if (c == '"') return sb.ToString();
                    if (c < ' ') { Position--; throw Fail("control character in a string"); }
                    if (c != '\\') { sb.Append(c); continue; }
                    char e = Peek();
                    Position++;
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Position + 4 > _text.Length) throw Fail("short \\u escape");
                            int code;
                            if (!int.TryParse(_text.Substring(Position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                            {
                                throw Fail("invalid \\u escape");
                            }
                            sb.Append((char)code);
                            Position += 4;
                            break;
                        default:
                            Position--;
                            throw Fail("invalid escape");
                    }
                }
            }

            private JValue Number()
            {
                int start = Position;
                bool integer = true;
                if (_text[Position] == '-') Position++;
                if (Peek() == '0') { Position++; }
                else if (Peek() >= '1' && Peek() <= '9') { Digits(); }
                else throw Fail("invalid number");
                if (Position < _text.Length && _text[Position] == '.')
                {
                    integer = false;
                    Position++;
                    if (Position >= _text.Length || !char.IsDigit(_text[Position]) || _text[Position] > '9') throw Fail("invalid number");
                    Digits();
                }
                if (Position < _text.Length && (_text[Position] == 'e' || _text[Position] == 'E'))
                {
                    integer = false;
                    Position++;
                    if (Position < _text.Length && (_text[Position] == '+' || _text[Position] == '-')) Position++;
                    if (Position >= _text.Length || _text[Position] < '0' || _text[Position] > '9') throw Fail("invalid number");
                    Digits();
                }
                string literal = _text.Substring(start, Position - start);
                if (integer)
                {
                    long value;
                    if (long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                    {
                        return new JValue(value);
                    }
                    return new JValue(System.Numerics.BigInteger.Parse(literal, CultureInfo.InvariantCulture));
                }
                return new JValue(double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            private void Digits()
            {
                while (Position < _text.Length && _text[Position] >= '0' && _text[Position] <= '9') Position++;
            }
        }

        // ------------------------------------------------------------ pointers and errors

        /// <summary>The JSON pointer of property <paramref name="key"/> under <paramref name="at"/>.</summary>
        public static string Child(string at, string key)
        {
            return at + "/" + key.Replace("~", "~0").Replace("/", "~1");
        }

        /// <summary>The JSON pointer of item <paramref name="index"/> under <paramref name="at"/>.</summary>
        public static string Child(string at, int index)
        {
            return at + "/" + index.ToString(CultureInfo.InvariantCulture);
        }

        public static ShapeReadException Error(string at, string message)
        {
            return new ShapeReadException(at, message);
        }

        private static string Kind(JToken token)
        {
            switch (token.Type)
            {
                case JTokenType.Object: return "an object";
                case JTokenType.Array: return "an array";
                case JTokenType.String: return "a string";
                case JTokenType.Integer: return "an integer";
                case JTokenType.Float: return "a number";
                case JTokenType.Boolean: return "a boolean";
                case JTokenType.Null: return "null";
                default: return token.Type.ToString();
            }
        }

        private static ShapeReadException Expected(JToken token, string at, string what)
        {
            return new ShapeReadException(at, "expected " + what + ", found " + Kind(token));
        }

        // ------------------------------------------------------------ reading, without coercion

        /// <summary>The JSON Schema type of a value: null, boolean, integer (600.0 included), number, string, array or object.</summary>
        public static string TypeOf(JToken token)
        {
            switch (token.Type)
            {
                case JTokenType.Null: return "null";
                case JTokenType.Boolean: return "boolean";
                case JTokenType.Integer: return "integer";
                case JTokenType.Float:
                    double d = Convert.ToDouble(((JValue)token).Value, CultureInfo.InvariantCulture);
                    return Math.Floor(d) == d && !double.IsInfinity(d) ? "integer" : "number";
                case JTokenType.String: return "string";
                case JTokenType.Array: return "array";
                case JTokenType.Object: return "object";
                default: return token.Type.ToString();
            }
        }

        public static bool IsNull(JToken token)
        {
            return token == null || token.Type == JTokenType.Null;
        }

        public static string ReadString(JToken token, string at)
        {
            if (token.Type != JTokenType.String) throw Expected(token, at, "a string");
            return (string)((JValue)token).Value;
        }

        /// <summary>An integer: a JSON number with no fractional part (600.0 is 600) within the range of long.</summary>
        public static long ReadInteger(JToken token, string at)
        {
            if (token.Type == JTokenType.Integer)
            {
                object value = ((JValue)token).Value;
                if (value is long) return (long)value;
                if (value is int) return (int)value;
                throw Error(at, "integer out of range: " + token.ToString(Formatting.None));
            }
            if (token.Type == JTokenType.Float)
            {
                double d = Convert.ToDouble(((JValue)token).Value, CultureInfo.InvariantCulture);
                if (Math.Floor(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
                {
                    return (long)d;
                }
                if (Math.Floor(d) == d) throw Error(at, "integer out of range: " + token.ToString(Formatting.None));
                throw Expected(token, at, "an integer");
            }
            throw Expected(token, at, "an integer");
        }

        public static double ReadNumber(JToken token, string at)
        {
            if (token.Type == JTokenType.Integer || token.Type == JTokenType.Float)
            {
                return Convert.ToDouble(((JValue)token).Value, CultureInfo.InvariantCulture);
            }
            throw Expected(token, at, "a number");
        }

        public static bool ReadBoolean(JToken token, string at)
        {
            if (token.Type != JTokenType.Boolean) throw Expected(token, at, "a boolean");
            return (bool)((JValue)token).Value;
        }

        /// <summary>Any JSON value, as Newtonsoft.Json reads it into <c>object</c> (the OCI .NET SDK's
        /// type for free-form values): null, a string, long, double, bool or BigInteger for a scalar; a
        /// copy of the JObject or JArray for an object or an array.</summary>
        public static object ReadAny(JToken token, string at)
        {
            JValue scalar = token as JValue;
            if (scalar != null) return scalar.Type == JTokenType.Null ? null : scalar.Value;
            return token.DeepClone();
        }

        public static JObject ReadObject(JToken token, string at)
        {
            if (token.Type != JTokenType.Object) throw Expected(token, at, "an object");
            return (JObject)token;
        }

        /// <summary>Exactly the string constant <paramref name="constant"/>.</summary>
        public static string ReadConstant(JToken token, string at, string constant)
        {
            string value = ReadString(token, at);
            if (value != constant) throw Error(at, "expected " + Quote(constant) + ", found " + Quote(value));
            return value;
        }

        /// <summary>Exactly the integer constant <paramref name="constant"/>.</summary>
        public static long ReadConstant(JToken token, string at, long constant)
        {
            long value = ReadInteger(token, at);
            if (value != constant) throw Error(at, "expected " + constant + ", found " + value);
            return value;
        }

        /// <summary>Exactly the number constant <paramref name="constant"/>.</summary>
        public static double ReadConstant(JToken token, string at, double constant)
        {
            double value = ReadNumber(token, at);
            if (value != constant) throw Error(at, "expected " + constant.ToString("R", CultureInfo.InvariantCulture) + ", found " + value.ToString("R", CultureInfo.InvariantCulture));
            return value;
        }

        /// <summary>Exactly the boolean constant <paramref name="constant"/>.</summary>
        public static bool ReadConstant(JToken token, string at, bool constant)
        {
            bool value = ReadBoolean(token, at);
            if (value != constant) throw Error(at, "expected " + (constant ? "true" : "false"));
            return value;
        }

        public static List<T> ReadList<T>(JToken token, string at, Func<JToken, string, T> item)
        {
            if (token.Type != JTokenType.Array) throw Expected(token, at, "an array");
            var result = new List<T>();
            int i = 0;
            foreach (JToken element in (JArray)token)
            {
                result.Add(item(element, Child(at, i)));
                i++;
            }
            return result;
        }

        public static Dictionary<string, T> ReadMap<T>(JToken token, string at, Func<JToken, string, T> value)
        {
            JObject obj = ReadObject(token, at);
            var result = new Dictionary<string, T>();
            foreach (JProperty property in obj.Properties())
            {
                result[property.Name] = value(property.Value, Child(at, property.Name));
            }
            return result;
        }

        /// <summary>Rejects a required property that is absent.</summary>
        public static JToken Required(JObject obj, string at, string name)
        {
            JToken value;
            if (!obj.TryGetValue(name, out value)) throw Error(at, "missing required property " + Quote(name));
            return value;
        }

        /// <summary>Rejects an explicit null on a property that is not nullable.</summary>
        public static JToken NotNull(JToken token, string at)
        {
            if (token.Type == JTokenType.Null) throw Error(at, "null is not allowed here");
            return token;
        }

        // ------------------------------------------------------------ writing

        public static JToken WriteList<T>(IEnumerable<T> values, Func<T, JToken> item)
        {
            var result = new JArray();
            foreach (T value in values) result.Add(item(value));
            return result;
        }

        public static JToken WriteMap<T>(IDictionary<string, T> values, Func<T, JToken> value)
        {
            var result = new JObject();
            foreach (KeyValuePair<string, T> pair in values) result[pair.Key] = value(pair.Value);
            return result;
        }

        /// <summary>A free-form value as JSON: a JToken as it is (a copy), null as null, anything else
        /// (a string, a number, a bool, a dictionary or list a user built) as Newtonsoft.Json writes it.</summary>
        public static JToken WriteAny(object value)
        {
            if (value == null) return JValue.CreateNull();
            JToken token = value as JToken;
            if (token != null) return token.DeepClone();
            return JToken.FromObject(value);
        }

        /// <summary>
        /// A hash of a JSON value that agrees with <c>JToken.DeepEquals</c>: property order does not
        /// count, and a number hashes by its value (so 600 and 600.0 hash alike).
        /// </summary>
        public static int Hash(JToken token)
        {
            if (token == null) return 0;
            unchecked
            {
                switch (token.Type)
                {
                    case JTokenType.Object:
                        int sum = 17;
                        foreach (JProperty property in ((JObject)token).Properties())
                        {
                            sum += StringComparer.Ordinal.GetHashCode(property.Name) * 31 + Hash(property.Value);
                        }
                        return sum;
                    case JTokenType.Array:
                        int running = 19;
                        foreach (JToken item in (JArray)token) running = running * 31 + Hash(item);
                        return running;
                    case JTokenType.Integer:
                    case JTokenType.Float:
                        object number = ((JValue)token).Value;
                        return number is IConvertible
                            ? ((IConvertible)number).ToDouble(CultureInfo.InvariantCulture).GetHashCode()
                            : number.ToString().GetHashCode();
                    case JTokenType.String:
                        return StringComparer.Ordinal.GetHashCode((string)token);
                    case JTokenType.Boolean:
                        return ((bool)token) ? 1 : 2;
                    default:
                        return (int)token.Type;
                }
            }
        }

        /// <summary>JSON text of a token: compact, every non-ASCII character escaped (so lone surrogates survive).</summary>
        public static string Serialize(JToken token)
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            var writer = new JsonTextWriter(text);
            writer.Formatting = Formatting.None;
            writer.StringEscapeHandling = StringEscapeHandling.EscapeNonAscii;
            token.WriteTo(writer);
            writer.Flush();
            return text.ToString();
        }

        /// <summary>A string as a JSON string literal, for messages.</summary>
        public static string Quote(string value)
        {
            return Serialize(new JValue(value));
        }

        // ------------------------------------------------------------ equality, as JSON means it

        /// <summary>JSON equality: 1 equals 1.0, object key order is free, true is not 1.</summary>
        public static bool Equal(JToken a, JToken b)
        {
            bool an = a.Type == JTokenType.Integer || a.Type == JTokenType.Float;
            bool bn = b.Type == JTokenType.Integer || b.Type == JTokenType.Float;
            if (an && bn)
            {
                if (a.Type == JTokenType.Integer && b.Type == JTokenType.Integer)
                {
                    return ((JValue)a).Value.Equals(((JValue)b).Value);
                }
                return Convert.ToDouble(((JValue)a).Value, CultureInfo.InvariantCulture)
                    == Convert.ToDouble(((JValue)b).Value, CultureInfo.InvariantCulture);
            }
            if (a.Type != b.Type) return false;
            switch (a.Type)
            {
                case JTokenType.Object:
                    var ao = (JObject)a;
                    var bo = (JObject)b;
                    if (ao.Count != bo.Count) return false;
                    foreach (JProperty p in ao.Properties())
                    {
                        JToken other;
                        if (!bo.TryGetValue(p.Name, out other) || !Equal(p.Value, other)) return false;
                    }
                    return true;
                case JTokenType.Array:
                    var aa = (JArray)a;
                    var ba = (JArray)b;
                    if (aa.Count != ba.Count) return false;
                    for (int i = 0; i < aa.Count; i++)
                    {
                        if (!Equal(aa[i], ba[i])) return false;
                    }
                    return true;
                default:
                    return JToken.DeepEquals(a, b);
            }
        }
    }
}
