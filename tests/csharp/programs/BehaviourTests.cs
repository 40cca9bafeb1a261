// Wire behaviour of the generated C# classes, on tests/csharp/fixture (namespace Acme.Fixture.Behaviour).

using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Linq;
using System.Reflection;
using Acme.Fixture.Behaviour;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Shapegen.Runtime;
using static Shapegen.Tests.Harness;

namespace Shapegen.Tests
{
    public static class BehaviourTests
    {
        private static string RoundTrip(string json)
        {
            return SessionRequest.FromJson(json).ToJsonString();
        }

        private static string Errors(ShapegenObject value)
        {
            return string.Join("; ", value.Validate().Select(e => e.ToString()));
        }

        public static int Main()
        {
            // ------------------------------------------------------------ presence
            Test("a new object writes nothing it was not given", () => Equal("{}", new SessionRequest().ToJsonString()));
            Test("an optional nullable property set to null is written as null", () =>
            {
                var audio = new Audio { TurnDetection = null };
                Equal("{\"turn_detection\":null}", audio.ToJsonString());
            });
            Test("unsetting an optional nullable property makes it absent again", () =>
            {
                var audio = new Audio { TurnDetection = null };
                audio.UnsetTurnDetection();
                Equal("{}", audio.ToJsonString());
            });
            Test("a read explicit null reports ShouldSerialize true", () =>
                True(SessionRequest.FromJson("{\"audio\":{\"turn_detection\":null}}").Audio.ShouldSerializeTurnDetection(), "set"));
            Test("null on an optional property that is not nullable is rejected", () =>
            {
                var e = Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"name\":null}"));
                Equal("/name", e.Pointer);
            });
            Test("an optional property assigned null is absent", () => Equal("{}", new SessionRequest { Name = null }.ToJsonString()));
            Test("the OrDefault accessor gives the default while absent, the value once set", () =>
            {
                var request = new SessionRequest();
                Equal(0.8, request.TemperatureOrDefault);
                request.Temperature = 1.5;
                Equal(1.5, request.TemperatureOrDefault);
                Equal("{\"temperature\":1.5}", request.ToJsonString());
            });

            // ------------------------------------------------------------ strict reading
            Test("a string of digits is not an integer", () =>
            {
                var e = Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"max_output_tokens\":\"4096\"}"));
                Equal("/max_output_tokens", e.Pointer);
            });
            Test("a number is not a string", () =>
                Equal("/name", Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"name\":1}")).Pointer));
            Test("600.0 is the integer 600", () => Equal("{\"max_output_tokens\":600}", RoundTrip("{\"max_output_tokens\":600.0}")));
            Test("a closed object rejects an unknown property with its pointer", () =>
                Equal("/audio/surprise", Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"audio\":{\"surprise\":1}}")).Pointer));
            Test("a required property that is absent is rejected", () =>
                Equal("/", Throws<ShapeReadException>(() => SessionResponse.FromJson("{\"id\":\"s\"}")).Pointer));
            Test("text that is not JSON is rejected", () => Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"name\":\"ab\",}")));

            // ------------------------------------------------------------ JsonConvert goes through the same code
            Test("JsonConvert.DeserializeObject reads strictly", () =>
                Throws<JsonSerializationException>(() => JsonConvert.DeserializeObject<SessionRequest>("{\"max_output_tokens\":\"4096\"}")));
            Test("JsonConvert.SerializeObject writes exactly what was set", () =>
            {
                var request = JsonConvert.DeserializeObject<SessionRequest>("{\"audio\":{\"turn_detection\":null},\"max_output_tokens\":\"inf\"}");
                Equal("{\"audio\":{\"turn_detection\":null},\"max_output_tokens\":\"inf\"}", JsonConvert.SerializeObject(request));
            });
            Test("JsonConvert reads a date-like string unchanged", () =>
                Equal("2020-01-01T00:00:00Z", JsonConvert.DeserializeObject<SessionRequest>("{\"class\":\"2020-01-01T00:00:00Z\"}").Class));

            // ------------------------------------------------------------ enums
            Test("an open enum keeps an unknown value", () =>
            {
                var request = SessionRequest.FromJson("{\"voice\":\"marin\"}");
                Equal("marin", request.Voice.Value.Value);
                True(!request.Voice.Value.IsKnown, "marin is not a known voice");
                Equal("{\"voice\":\"marin\"}", request.ToJsonString());
            });
            Test("an open enum's known value equals its static member", () =>
            {
                var request = SessionRequest.FromJson("{\"voice\":\"ash\"}");
                True(request.Voice == SessionRequestVoice.Ash, "ash == Ash");
                True(request.Voice.Value.IsKnown, "ash is known");
            });
            Test("an open enum converts from a string", () =>
            {
                SessionRequestVoice voice = "verse";
                Equal("{\"voice\":\"verse\"}", new SessionRequest { Voice = voice }.ToJsonString());
            });
            Test("a closed enum rejects an unknown value", () =>
                Equal("/eagerness", Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"eagerness\":\"medium\"}")).Pointer));
            Test("a closed enum reads and writes its wire values", () =>
            {
                var request = SessionRequest.FromJson("{\"eagerness\":\"high\"}");
                Equal(SessionRequestEagerness.High, request.Eagerness.Value);
                Equal("{\"eagerness\":\"high\"}", request.ToJsonString());
            });

            // ------------------------------------------------------------ unions
            Test("a tagged union dispatches on its tag", () =>
            {
                var audio = SessionRequest.FromJson("{\"audio\":{\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":6000}}}").Audio;
                var vad = (ServerVad)audio.TurnDetection;
                Equal(6000L, vad.IdleTimeoutMs.Value);
                Equal("server_vad", audio.TurnDetection.Type);
            });
            Test("a closed tagged union rejects an unknown tag at the tag's pointer", () =>
                Equal("/audio/turn_detection/type", Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"audio\":{\"turn_detection\":{\"type\":\"loud_vad\"}}}")).Pointer));
            Test("an open response union keeps an unknown variant that round-trips", () =>
            {
                string json = "{\"id\":\"s\",\"token\":\"t\",\"expires_at\":null,\"tools\":[{\"type\":\"web_search\",\"filters\":{\"a\":[1,2.5]}},{\"type\":\"function\",\"name\":\"f\"}]}";
                var response = SessionResponse.FromJson(json);
                True(response.Tools[0] is Tool.Unknown, "the unknown tool is Tool.Unknown");
                Equal("web_search", response.Tools[0].Type);
                True(response.Tools[1] is FunctionTool, "the function tool is a FunctionTool");
                True(Json.Equal(Json.Parse(json), response.ToJson()), "round trip: " + response.ToJsonString());
            });
            Test("an untagged union converts from its case types", () =>
            {
                var request = new SessionRequest { MaxOutputTokens = 100 };
                Equal("{\"max_output_tokens\":100}", request.ToJsonString());
                request.MaxOutputTokens = SessionRequestMaxOutputTokens.Inf;
                Equal("{\"max_output_tokens\":\"inf\"}", request.ToJsonString());
            });
            Test("an untagged union has one property per case", () =>
            {
                var tokens = SessionRequest.FromJson("{\"max_output_tokens\":\"inf\"}").MaxOutputTokens.Value;
                True(tokens.IsInf, "IsInf");
                True(tokens.Integer == null, "Integer is not set");
            });
            Test("an untagged union rejects a value no case reads", () =>
                Equal("/max_output_tokens", Throws<ShapeReadException>(() => SessionRequest.FromJson("{\"max_output_tokens\":true}")).Pointer));
            Test("a constant or an object or null, told apart by value", () =>
            {
                var response = SessionResponse.FromJson("{\"id\":\"s\",\"token\":\"t\",\"expires_at\":null,\"tracing\":{\"group_id\":\"g\"}}");
                Equal("g", response.Tracing.Value.SessionResponseTracingGroupId.GroupId);
                Equal("{\"id\":\"s\",\"expires_at\":null,\"token\":\"t\",\"tracing\":null}", SessionResponse.FromJson("{\"id\":\"s\",\"token\":\"t\",\"expires_at\":null,\"tracing\":null}").ToJsonString());
            });

            // ------------------------------------------------------------ open objects and maps
            Test("unknown response properties are kept and written back", () =>
            {
                string json = "{\"id\":\"s\",\"token\":\"t\",\"expires_at\":null,\"future\":{\"a\":[1,2.5,null]}}";
                var response = SessionResponse.FromJson(json);
                True(response.AdditionalProperties.ContainsKey("future"), "kept in AdditionalProperties");
                True(Json.Equal(Json.Parse(json), response.ToJson()), response.ToJsonString());
            });
            Test("a recursive shape reads and writes at every depth", () =>
            {
                string json = "{\"tree\":{\"label\":\"a\",\"children\":[{\"label\":\"b\",\"children\":[{\"label\":\"c\",\"parent\":null}]}]}}";
                var request = SessionRequest.FromJson(json);
                Equal("c", request.Tree.Children[0].Children[0].Label);
                Equal(json, request.ToJsonString());
            });
            Test("a recursive shape is validated at every depth", () =>
                True(Errors(SessionRequest.FromJson("{\"tree\":{\"label\":\"a\",\"children\":[{\"label\":\"b\",\"children\":[{\"label\":\"\"}]}]}}"))
                    .Contains("/tree/children/0/children/0/label: 0 characters, fewer than 1"), "deep error"));
            Test("a map keeps its entries", () => Equal("{\"labels\":{\"a\":\"x\",\"b\":\"y\"}}", RoundTrip("{\"labels\":{\"a\":\"x\",\"b\":\"y\"}}")));

            // ------------------------------------------------------------ Validate()
            Test("Validate returns every broken constraint with its pointer", () =>
            {
                var request = SessionRequest.FromJson(
                    "{\"name\":\"a\",\"tunnel_id\":\"tunnel_AB12\",\"tags\":[\"x\",\"x\",\"y\"],\"max_output_tokens\":5000," +
                    "\"temperature\":3,\"labels\":{\"k\":\"long\"},\"audio\":{\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":10}}}");
                string errors = Errors(request);
                foreach (string expected in new[]
                {
                    "/name: 1 characters, fewer than 2",
                    "/tunnel_id: does not match the pattern",
                    "/tags: 3 items, more than 2",
                    "/tags/1: item 1 repeats item 0",
                    "/max_output_tokens: 5000 is more than the maximum 4096",
                    "/temperature: 3 is more than the maximum 2",
                    "/labels/k: 4 characters, more than 3",
                    "/audio/turn_detection/idle_timeout_ms: 10 is less than the minimum 5000",
                })
                {
                    True(errors.Contains(expected), "missing <" + expected + "> in <" + errors + ">");
                }
            });
            Test("a valid value has no errors", () => Equal(0, SessionRequest.FromJson("{\"name\":\"abc\",\"tunnel_id\":\"tunnel_ab12\"}").Validate().Count));
            Test("a pattern's $ does not match before a final newline", () =>
                Equal(1, SessionRequest.FromJson("{\"tunnel_id\":\"tunnel_ab12\\n\"}").Validate().Count));
            Test("a pattern's character class is ASCII", () =>
                Equal(1, SessionRequest.FromJson("{\"tunnel_id\":\"tunnel_ab1\\u0662\"}").Validate().Count));
            Test("lengths count code points", () =>
                Equal(0, SessionRequest.FromJson("{\"name\":\"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\"}").Validate().Count));
            Test("Validate reports a required property left unset", () =>
                True(Errors(new SessionResponse { Token = "t" }).Contains("/id: required property is not set"), Errors(new SessionResponse())));
            Test("a required nullable property keeps its explicit null", () =>
                Equal("{\"id\":\"s\",\"expires_at\":null,\"token\":\"t\"}", SessionResponse.FromJson("{\"id\":\"s\",\"token\":\"t\",\"expires_at\":null}").ToJsonString()));
            Test("a required nullable property may not be absent", () =>
                Throws<ShapeReadException>(() => SessionResponse.FromJson("{\"id\":\"s\",\"token\":\"t\"}")));
            Test("a required nullable property is not [Required] (null is a valid value)", () =>
            {
                var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                var response = new SessionResponse { Id = "", Token = "t", ExpiresAt = null };
                True(Validator.TryValidateObject(response, new ValidationContext(response), results, true), "valid: an empty string and a null");
                Equal(Required.AllowNull, typeof(SessionResponse).GetProperty("ExpiresAt").GetCustomAttribute<JsonPropertyAttribute>().Required);
            });
            Test("the Required attributes say the OCI SDK's messages", () =>
            {
                var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                var response = new SessionResponse { Token = "t" };
                bool valid = Validator.TryValidateObject(response, new ValidationContext(response), results, true);
                True(!valid, "invalid");
                Equal("Id is required.", results[0].ErrorMessage);
            });

            // ------------------------------------------------------------ secrets
            Test("an unknown variant prints the known variants' secret properties redacted", () =>
            {
                string json = "{\"id\":\"s\",\"expires_at\":null,\"token\":\"t\",\"tools\":[{\"type\":\"mcp_v2\",\"authorization\":\"sk-4\"}]}";
                var response = SessionResponse.FromJson(json);
                True(!response.ToString().Contains("sk-4"), response.ToString());
                Equal(json, response.ToJsonString());
            });
            Test("ToString of an incomplete value says so instead of throwing", () =>
                True(new SessionRequest { MaxOutputTokens = new SessionRequestMaxOutputTokens() }.ToString().Contains("incomplete"), "incomplete"));

            // ------------------------------------------------------------ names
            Test("a C# keyword is a property name with its wire name kept", () => Equal("{\"class\":\"x\"}", new SessionRequest { Class = "x" }.ToJsonString()));
            Test("a property named like its type is renamed (CS0542)", () => Equal("{\"session_request\":\"x\"}", new SessionRequest { SessionRequestValue = "x" }.ToJsonString()));
            Test("a property named like ToString keeps ToString redacting", () => Equal("{\"to_string\":\"x\"}", new SessionRequest { ToStringValue = "x" }.ToJsonString()));
            Test("a property named like the runtime's Json class does not shadow it", () => Equal("{\"json\":\"x\"}", RoundTrip("{\"json\":\"x\"}")));
            Test("wire names are the JsonProperty names", () =>
            {
                var attribute = typeof(SessionRequest).GetProperty("TunnelId").GetCustomAttribute<JsonPropertyAttribute>();
                Equal("tunnel_id", attribute.PropertyName);
            });
            return Finish();
        }
    }
}
