// Tests of the C# runtime (templates/csharp/runtime/) on its own, without generated code.

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Shapegen.Runtime;
using static Shapegen.Tests.Harness;

namespace Shapegen.Tests
{
    public static class RuntimeTests
    {
        private struct Number : IShape
        {
            public long Value;

            public JToken ToJson(bool redact) { return new JValue(Value); }

            public void ValidateInto(string at, List<ValidationError> errors)
            {
                Check.Maximum(Value, 10, at, errors);
            }
        }

        private static void NotJson(string text)
        {
            var e = Throws<ShapeReadException>(() => Json.Parse(text));
            True(e.Message.StartsWith("/: not JSON"), "message names the document: " + e.Message);
        }

        public static int Main()
        {
            Test("parse reads every JSON type", () =>
            {
                JToken t = Json.Parse(" {\"a\": [1, -2.5e1, \"x\\u00e9\\n\", true, false, null], \"b\": {}} ");
                Equal("{\"a\":[1,-25.0,\"x\\u00e9\\n\",true,false,null],\"b\":{}}", Json.Serialize(t));
            });
            Test("parse rejects a trailing comma", () => NotJson("{\"a\": 1,}"));
            Test("parse rejects a trailing comma in an array", () => NotJson("[1,]"));
            Test("parse rejects comments", () => NotJson("{\"a\": 1 /* x */}"));
            Test("parse rejects single quotes", () => NotJson("{'a': 1}"));
            Test("parse rejects unquoted names", () => NotJson("{a: 1}"));
            Test("parse rejects NaN", () => NotJson("[NaN]"));
            Test("parse rejects leading zeros", () => NotJson("[01]"));
            Test("parse rejects a bare fraction", () => NotJson("[1.]"));
            Test("parse rejects text after the value", () => NotJson("{} {}"));
            Test("parse rejects an empty document", () => NotJson("  "));
            Test("parse rejects a raw control character in a string", () => NotJson("[\"a\tb\"]"));
            Test("parse keeps the last of duplicate keys", () => Equal("2", Json.Parse("{\"a\":1,\"a\":2}")["a"].ToString()));
            Test("parse keeps a lone surrogate escape", () => Equal("\ud800", Json.ReadString(Json.Parse("\"\\ud800\""), "")));
            Test("parse reads a date-like string as a string", () => Equal("2020-01-01T00:00:00Z", Json.ReadString(Json.Parse("\"2020-01-01T00:00:00Z\""), "")));
            Test("a whole-number float is an integer", () => Equal(600L, Json.ReadInteger(Json.Parse("600.0"), "")));
            Test("an exponent integer is an integer", () => Equal(100L, Json.ReadInteger(Json.Parse("1e2"), "")));
            Test("a string of digits is not an integer", () =>
            {
                var e = Throws<ShapeReadException>(() => Json.ReadInteger(Json.Parse("\"4096\""), "/max"));
                Equal("/max: expected an integer, found a string", e.Message);
            });
            Test("a fraction is not an integer", () => Throws<ShapeReadException>(() => Json.ReadInteger(Json.Parse("1.5"), "")));
            Test("an integer beyond long is rejected", () => Throws<ShapeReadException>(() => Json.ReadInteger(Json.Parse("9223372036854775808"), "")));
            Test("a number is not a string", () => Throws<ShapeReadException>(() => Json.ReadString(Json.Parse("1"), "")));
            Test("a boolean is not a number", () => Throws<ShapeReadException>(() => Json.ReadNumber(Json.Parse("true"), "")));
            Test("zero and one are not booleans", () => Throws<ShapeReadException>(() => Json.ReadBoolean(Json.Parse("1"), "")));
            Test("null is not a string", () => Throws<ShapeReadException>(() => Json.ReadString(Json.Parse("null"), "")));
            Test("a constant must match exactly", () => Throws<ShapeReadException>(() => Json.ReadConstant(Json.Parse("\"Inf\""), "", "inf")));
            Test("pointers escape tilde and slash", () => Equal("/a~1b/c~0d/3", Json.Child(Json.Child(Json.Child("", "a/b"), "c~d"), 3)));
            Test("lengths count code points", () => Equal(2, Check.CodePoints("\ud83d\ude00\u00e9")));
            Test("unique items compare as JSON (1 equals 1.0)", () =>
            {
                var errors = new List<ValidationError>();
                Check.UniqueItems(new List<double> { 1, 2, 1.0 }, x => new JValue(x), "/v", errors);
                Equal(1, errors.Count);
                Equal("/v/2: item 2 repeats item 0", errors[0].ToString());
            });
            Test("JSON equality keeps true apart from 1", () => True(!Json.Equal(new JValue(true), new JValue(1L)), "true != 1"));
            Test("JSON equality ignores key order", () => True(Json.Equal(Json.Parse("{\"a\":1,\"b\":2}"), Json.Parse("{\"b\":2.0,\"a\":1}")), "equal"));
            Test("bounds report value and limit", () =>
            {
                var errors = new List<ValidationError>();
                Check.Maximum(5000, 4096, "/max", errors);
                Check.Minimum(0.5, 1, "/min", errors);
                Equal("/max: 5000 is more than the maximum 4096", errors[0].ToString());
                Equal("/min: 0.5 is less than the minimum 1", errors[1].ToString());
            });
            Test("a pattern is searched, not anchored", () =>
            {
                var errors = new List<ValidationError>();
                Check.Pattern("xxabcxx", new Regex("abc"), "abc", "/p", errors);
                Equal(0, errors.Count);
            });
            Test("choose takes the first valid case of an anyOf", () =>
            {
                Number n = Union.Choose<Number>(Json.Parse("3"), "", false, "N",
                    (t, a) => new Number { Value = Json.ReadInteger(t, a) },
                    (t, a) => new Number { Value = 100 });
                Equal(3L, n.Value);
            });
            Test("choose rejects a value valid as two cases of a oneOf", () =>
            {
                Throws<ShapeReadException>(() => Union.Choose<Number>(Json.Parse("3"), "", true, "N",
                    (t, a) => new Number { Value = Json.ReadInteger(t, a) },
                    (t, a) => new Number { Value = Json.ReadInteger(t, a) + 1 }));
            });
            Test("choose keeps a readable but invalid case for Validate to report", () =>
            {
                Number n = Union.Choose<Number>(Json.Parse("30"), "", true, "N", (t, a) => new Number { Value = Json.ReadInteger(t, a) });
                Equal(30L, n.Value);
            });
            Test("choose rejects a value no case reads", () =>
            {
                var e = Throws<ShapeReadException>(() => Union.Choose<Number>(Json.Parse("\"x\""), "/n", true, "N",
                    (t, a) => new Number { Value = Json.ReadInteger(t, a) }));
                True(e.Message.StartsWith("/n: matches no variant of N"), e.Message);
            });
            Test("serialize escapes every non-ASCII character", () => Equal("\"\\u00e9\\u2028\\ud800\"", Json.Serialize(new JValue("\u00e9\u2028\ud800"))));
            return Finish();
        }
    }
}
