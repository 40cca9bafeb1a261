// The hostile-text golden case (tests/golden/hostile_descriptions) compiles and means what it
// says: wire names, enum values, defaults and the pattern are exactly the schema's strings.

using System;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json;
using RealtimeShapes.HostileDescriptions;
using Shapegen.Runtime;
using static Shapegen.Tests.Harness;

namespace Shapegen.Tests
{
    public static class HostileTests
    {
        private static string Wire(HostileMode mode)
        {
            FieldInfo field = typeof(HostileMode).GetField(mode.ToString());
            return field.GetCustomAttribute<EnumMemberAttribute>().Value;
        }

        public static int Main()
        {
            Test("the property's wire name is the schema's, quote included", () =>
                Equal("quote\"name", typeof(Hostile).GetProperty("QuoteName").GetCustomAttribute<JsonPropertyAttribute>().PropertyName));
            Test("the property reads and writes under its wire name", () =>
                Equal("{\"quote\\\"name\":\"ab\"}", Hostile.FromJson("{\"quote\\\"name\":\"ab\"}").ToJsonString()));
            Test("the enum's wire values are the schema's strings", () =>
            {
                Equal("it's", Wire(HostileMode.ItS));
                Equal("say \"hi\"", Wire(HostileMode.SayHi));
                Equal("back\\slash", Wire(HostileMode.BackSlash));
                Equal("new\nline", Wire(HostileMode.NewLine));
                Equal("*/", Wire(HostileMode.Value));
                Equal("__import__('os').system('true')", Wire(HostileMode.ImportOsSystemTrue));
            });
            Test("every enum value round-trips", () =>
            {
                foreach (HostileMode mode in Enum.GetValues(typeof(HostileMode)))
                {
                    var hostile = new Hostile { Mode = mode };
                    Equal(mode, Hostile.FromJson(hostile.ToJsonString()).Mode.Value);
                }
            });
            Test("the pattern accepts quotes and backslashes", () =>
                Equal(0, Hostile.FromJson("{\"quote\\\"name\":\"a\\\"'\\\\\"}").Validate().Count));
            Test("the pattern rejects what its class does not hold", () =>
                Equal(1, Hostile.FromJson("{\"quote\\\"name\":\"A\"}").Validate().Count));
            Test("the pattern's $ rejects a trailing newline", () =>
                Equal(1, Hostile.FromJson("{\"quote\\\"name\":\"ab\\n\"}").Validate().Count));
            Test("an unknown property is rejected", () => Throws<ShapeReadException>(() => Hostile.FromJson("{\"quote\":\"x\"}")));
            return Finish();
        }
    }
}
